// The official MCP conformance suite's server scenarios, run against the built
// `kaptain-kube mcp serve k8s-manifest-generator --http` (needs the build, as every CLI suite does).
//
// Scenarios that do not apply, and why:
// - tools-call-simple-text, -image, -audio, -embedded-resource, -mixed-content, -error,
//   -sampling, -elicitation, elicitation-sep1034-defaults,
//   elicitation-sep1330-enums, json-schema-2020-12: each calls a test tool of its own
//   (`test_image_content`, `test_sampling` …) with fixed content; our servers have only
//   their generators, which return text and structured content and ask no person or model.
// - resources-read-text, -read-binary, -templates-read, -subscribe, -unsubscribe: fixed
//   `test://` resources; ours are fixed `kaptain://` catalogs (no templates, nothing to
//   subscribe to: they change only with a new release).
// - prompts-get-embedded-resource, prompts-get-with-image: our prompts are text only.
// - server-sse-polling, server-sse-multiple-streams: need a stateful server with a GET
//   stream; `mcp serve --http` is stateless (a fresh server per request, 405 on GET).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../helpers/serve.js';
import { renameToManifestGenerator, renamingProxy } from './suite-names.js';

const suite = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');

let served: Awaited<ReturnType<typeof startServe>>;
let proxy: Awaited<ReturnType<typeof renamingProxy>>;

beforeAll(async () => {
  served = await startServe(['k8s-manifest-generator', '--http', '--port', '0']);
  proxy = await renamingProxy(served.urls[0], renameToManifestGenerator);
}, 30_000);
afterAll(async () => {
  proxy?.server.close();
  await served?.stop();
});

/** Runs one scenario in a child process (the proxy lives in this one, so no spawnSync). */
function scenario(name: string, url: string): Promise<{ passed: number; total: number; output: string }> {
  return new Promise((resolve) => {
    const run = spawn(process.execPath, [suite, 'server', '--url', url, '--scenario', name], {
      cwd: mkdtempSync(join(tmpdir(), 'kk-conf-')),
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    run.stdout.on('data', (d) => (output += d));
    run.stderr.on('data', (d) => (output += d));
    run.on('close', () => {
      const m = /Passed: (\d+)\/(\d+)/.exec(output);
      resolve({ passed: Number(m?.[1] ?? 0), total: Number(m?.[2] ?? -1), output });
    });
  });
}

describe('MCP conformance: server scenarios against mcp serve --http', () => {
  it.each([
    'server-initialize',
    'ping',
    'tools-list',
    'resources-list',
    'dns-rebinding-protection',
    'logging-set-level',
    'prompts-list',
  ])('%s passes every check', async (name) => {
    const r = await scenario(name, served.urls[0]);
    expect(r.passed, r.output).toBe(r.total);
    expect(r.total).toBeGreaterThan(0);
  });

  // validate_manifests reports progress and logs each pass; deploy-app is the prompt (its arguments complete).
  it.each([
    'tools-call-with-progress',
    'tools-call-with-logging',
    'prompts-get-simple',
    'prompts-get-with-args',
    'completion-complete',
  ])('%s passes every check on our own tool or prompt', async (name) => {
    const r = await scenario(name, proxy.url);
    expect(r.passed, r.output).toBe(r.total);
    expect(r.total).toBeGreaterThan(0);
  });
});
