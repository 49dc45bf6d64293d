// Bad input files are refused, never waited on: a FIFO, device, directory or socket
// where the config, the Dockerfile, a COPYed manifest or validate-dockerfile's file
// should be ends in exit 2 with a message naming it; files over the size limits too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig } from '../../src/app-config/loader.js';
import { InputError } from '../../src/errors.js';
import { loadDeployInputs } from '../../src/cli/deploy-inputs.js';
import { DockerfileError } from '../../src/dockerfile/analyze.js';
import { INPUT_LIMITS, readInputFile } from '../../src/input/read.js';
import { loadMcpConfig } from '../../src/mcp-client/config.js';
import { runCli } from '../helpers/cli.js';

const CONFIG =
  'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  dockerfile: ./Dockerfile\n';
const DOCKERFILE =
  'FROM node:22.11-alpine\nWORKDIR /app\nCOPY package.json ./\nUSER 1000\nEXPOSE 3000\nCMD ["node", "index.js"]\n';

/** A project directory: config, Dockerfile, package.json; `replace` swaps one for something else. */
function project(replace: Record<string, 'fifo' | string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-input-'));
  const files: Record<string, string> = {
    'app.yaml': CONFIG,
    Dockerfile: DOCKERFILE,
    'package.json': '{"dependencies":{"express":"^4"}}',
    ...replace,
  };
  for (const [name, content] of Object.entries(files)) {
    if (content === 'fifo') execFileSync('mkfifo', [join(dir, name)]);
    else writeFileSync(join(dir, name), content);
  }
  return dir;
}

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as Error).message;
};

describe('non-regular files are refused (in-process)', () => {
  let socketDir: string;
  let server: Server;
  beforeAll(async () => {
    socketDir = mkdtempSync(join(tmpdir(), 'kk-input-sock-'));
    server = createServer();
    await new Promise<void>((r) => server.listen(join(socketDir, 'app.yaml'), r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a FIFO config', async () => {
    const dir = project({ 'app.yaml': 'fifo' });
    expect(await refusal(loadAppConfig(join(dir, 'app.yaml')))).toMatch(
      /app\.yaml: is a named pipe \(FIFO\), not an AppDeployment file/,
    );
  });
  it('a device, a directory and a socket as the config', async () => {
    expect(await refusal(loadAppConfig('/dev/zero'))).toMatch(/\/dev\/zero: is a device/);
    expect(await refusal(loadAppConfig(tmpdir()))).toMatch(/is a directory, not an AppDeployment file/);
    expect(await refusal(loadAppConfig(join(socketDir, 'app.yaml')))).toMatch(/is a socket/);
  });
  it('a FIFO Dockerfile: the config points at it (FILE:LINE:COL)', async () => {
    const dir = project({ Dockerfile: 'fifo' });
    const err = await loadAppConfig(join(dir, 'app.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      /app\.yaml:6:15: spec\.dockerfile: "\.\/Dockerfile" is a named pipe \(FIFO\), not a Dockerfile/,
    );
  });
  it('a FIFO COPY source (package.json in the build context) names the COPY line', async () => {
    const dir = project({ 'package.json': 'fifo' });
    const err = await loadDeployInputs(join(dir, 'app.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerfileError);
    expect((err as Error).message).toMatch(
      /Dockerfile:3:1: COPY source .*package\.json: is a named pipe \(FIFO\), not a dependency manifest/,
    );
  });
  it('a directory where a manifest is copied from is refused, a missing one is skipped', async () => {
    const dir = project({ 'package.json': 'x' });
    const missing = project();
    rmSync(join(missing, 'package.json'));
    expect((await loadDeployInputs(join(missing, 'app.yaml'))).facts?.manifests).toEqual([]);
    const asDir = mkdtempSync(join(tmpdir(), 'kk-input-'));
    writeFileSync(join(asDir, 'app.yaml'), CONFIG);
    writeFileSync(join(asDir, 'Dockerfile'), DOCKERFILE);
    mkdirSync(join(asDir, 'package.json'));
    expect(await refusal(loadDeployInputs(join(asDir, 'app.yaml')))).toMatch(
      /Dockerfile:3:1: COPY source .*package\.json: is a directory/,
    );
    expect((await loadDeployInputs(join(dir, 'app.yaml'))).facts?.manifests).toHaveLength(1);
  });
  it('a FIFO mcp.yaml (named, or at the default path) is refused too', async () => {
    const dir = project({ 'mcp.yaml': 'fifo' });
    await expect(loadMcpConfig({ path: join(dir, 'mcp.yaml') })).rejects.toThrow(
      /mcp\.yaml: is a named pipe \(FIFO\), not an mcp\.yaml file/,
    );
    await expect(loadMcpConfig({ env: { KAPTAIN_MCP_CONFIG: join(dir, 'mcp.yaml') } })).rejects.toThrow(
      /is a named pipe/,
    );
  });
});

describe('size limits', () => {
  it('a config over 1 MiB is refused before parsing', async () => {
    const dir = project({ 'app.yaml': `${CONFIG}# ${'x'.repeat(INPUT_LIMITS.config)}\n` });
    expect(await refusal(loadAppConfig(join(dir, 'app.yaml')))).toMatch(
      /app\.yaml: is 1\.0 MiB; an AppDeployment file may be at most 1\.0 MiB/,
    );
  });
  it('a Dockerfile over 1 MiB is refused', async () => {
    const dir = project({ Dockerfile: `${DOCKERFILE}# ${'x'.repeat(INPUT_LIMITS.dockerfile)}\n` });
    expect(await refusal(loadDeployInputs(join(dir, 'app.yaml')))).toMatch(
      /Dockerfile: is .* MiB; a Dockerfile may be at most 1\.0 MiB/,
    );
  });
  it('a COPYed manifest over its limit is refused at the COPY line', async () => {
    const dir = project({ 'package.json': `{"x":"${'y'.repeat(INPUT_LIMITS.manifest)}"}` });
    expect(await refusal(loadDeployInputs(join(dir, 'app.yaml')))).toMatch(
      /Dockerfile:3:1: COPY source .*package\.json: is .* MiB; a dependency manifest may be at most 2\.0 MiB/,
    );
  });
  it('a file that reports no size but never ends is cut at the limit', async () => {
    // /dev/zero is refused as a device; /proc files are regular with size 0.
    const text = await readInputFile('/proc/self/status', { what: 'a test file', maxBytes: 1 << 20 });
    expect(text.length).toBeGreaterThan(0);
    await expect(readInputFile('/proc/self/status', { what: 'a test file', maxBytes: 10 })).rejects.toThrow(
      /larger than .*; a test file may be at most/,
    );
  });
});

describe('the built CLI ends with exit 2 on a FIFO (spawned)', () => {
  it('a FIFO config: validate and deploy', async () => {
    const dir = project({ 'app.yaml': 'fifo' });
    const v = await runCli(['validate', join(dir, 'app.yaml')], { timeoutMs: 15_000 });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/app\.yaml: is a named pipe \(FIFO\)/);
    const d = await runCli(['deploy', join(dir, 'app.yaml'), '--dry-run'], { timeoutMs: 15_000 });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/is a named pipe \(FIFO\), not an AppDeployment file/);
    expect(d.stderr).not.toMatch(/\n\s+at /);
  });
  it('a FIFO COPY source: deploy --generate-only writes nothing', async () => {
    const dir = project({ 'package.json': 'fifo' });
    const r = await runCli(['deploy', join(dir, 'app.yaml'), '--generate-only', '--output-dir', join(dir, 'k8s')], {
      timeoutMs: 15_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile:3:1: COPY source .*package\.json: is a named pipe \(FIFO\)/);
    expect(r.stdout).not.toMatch(/written/);
  });
  it('validate-dockerfile on a FIFO and on a device', async () => {
    const dir = project({ Dockerfile: 'fifo' });
    const r = await runCli(['validate-dockerfile', join(dir, 'Dockerfile')], { timeoutMs: 15_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile: is a named pipe \(FIFO\), not a Dockerfile/);
    const z = await runCli(['validate-dockerfile', '/dev/zero'], { timeoutMs: 15_000 });
    expect(z.code).toBe(2);
    expect(z.stderr).toMatch(/\/dev\/zero: is a device/);
  });
});
