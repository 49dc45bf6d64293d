// File-reading tools read only under the project root: analyze_dockerfile (and the
// tools sharing its input) refuse a path outside it, and a Dockerfile, build context or
// copied manifest that is a symbolic link out of it.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';
import { callErr, callOk, connectBuiltin } from '../helpers/mcp.js';
import { runCli } from '../helpers/cli.js';

const DOCKERFILE =
  'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nEXPOSE 3000\nUSER node\nCMD ["node", "server.js"]\n';
const CONFIG =
  'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: demo\nspec:\n  dockerfile: ./Dockerfile\n  image: ghcr.io/example/demo:1.0.0\n  ports:\n    - port: 3000\n      protocol: HTTP\n';

let base: string;
let project: string;
let outside: string;
let client: Client;

beforeAll(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'kk-root-')));
  project = join(base, 'project');
  outside = join(base, 'outside');
  mkdirSync(project);
  mkdirSync(outside);
  writeFileSync(join(project, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(project, 'package.json'), '{"dependencies":{"express":"^4"}}\n');
  // Secrets of someone else's, next to the project.
  writeFileSync(join(outside, 'Dockerfile'), 'FROM secret:latest\nENV TOKEN=outside\n');
  writeFileSync(join(outside, 'package.json'), '{"dependencies":{"pg":"^8"}}\n');
  mkdirSync(join(project, 'linked'));
  symlinkSync(join(outside, 'Dockerfile'), join(project, 'linked', 'Dockerfile'));
  symlinkSync(outside, join(project, 'ctx-link'));
  mkdirSync(join(project, 'leaky'));
  writeFileSync(join(project, 'leaky', 'Dockerfile'), DOCKERFILE);
  symlinkSync(join(outside, 'package.json'), join(project, 'leaky', 'package.json'));
  setProjectRoot(project);
  client = await connectBuiltin('docker-analysis');
});

afterAll(async () => {
  setProjectRoot(undefined);
  await client?.close();
});

describe('analyze_dockerfile under a project root', () => {
  it("reads the project's own Dockerfile and context", async () => {
    const r = await callOk<{ facts: { language: string; exposed: unknown[] } }>(client, 'analyze_dockerfile', {
      dockerfile_path: join(project, 'Dockerfile'),
    });
    expect(r.facts.language).toBe('node');
    const rel = await callOk<{ facts: { language: string } }>(client, 'analyze_dockerfile', {
      dockerfile_path: 'Dockerfile',
    });
    expect(rel.facts.language).toBe('node');
  });

  it.each([
    ['an absolute path outside', () => join(outside, 'Dockerfile')],
    ['a relative path climbing out', () => '../outside/Dockerfile'],
    ['/etc/passwd', () => '/etc/passwd'],
  ])('refuses %s, naming the path and the root', async (_label, path) => {
    const text = await callErr(client, 'analyze_dockerfile', { dockerfile_path: path() });
    expect(text).toContain(path());
    expect(text).toContain(`outside the project root ${project}`);
    expect(text).not.toContain('secret:latest');
  });

  it('refuses a Dockerfile that is a symbolic link out of the root', async () => {
    const text = await callErr(client, 'analyze_dockerfile', {
      dockerfile_path: join(project, 'linked', 'Dockerfile'),
    });
    expect(text).toMatch(/symbolic link to .*outside.*outside the project root/);
    expect(text).not.toContain('secret:latest');
  });

  it('refuses a build context outside the root, or linked out of it', async () => {
    for (const ctx of [outside, join(project, 'ctx-link'), '..']) {
      const text = await callErr(client, 'analyze_dockerfile', {
        dockerfile_path: join(project, 'Dockerfile'),
        build_context: ctx,
      });
      expect(text, ctx).toContain('outside the project root');
    }
  });

  it('refuses a copied manifest that is a link out of the root (security_scan and detect_dependencies too)', async () => {
    for (const tool of ['analyze_dockerfile', 'detect_dependencies', 'security_scan']) {
      const text = await callErr(client, tool, { dockerfile_path: join(project, 'leaky', 'Dockerfile') });
      expect(text, tool).toContain('outside the project root');
    }
  });
});

describe('deploy reads only under its project root', () => {
  it('a config whose Dockerfile links out of the project ends with exit 2 and nothing written', async () => {
    const dir = join(base, 'deploy-linked');
    mkdirSync(dir);
    // The Dockerfile is a link to a file in another project (outside this config's directory).
    symlinkSync(join(project, 'Dockerfile'), join(dir, 'Dockerfile'));
    writeFileSync(join(dir, 'package.json'), '{}\n');
    writeFileSync(join(dir, 'app-config.yaml'), CONFIG);
    const r = await runCli([
      'deploy',
      join(dir, 'app-config.yaml'),
      '--generate-only',
      '--output-dir',
      join(dir, 'k8s'),
    ]);
    expect(r.stderr).toContain('outside the project root');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'k8s'))).toBe(false);
    // --project-root widens the root to the directory holding both.
    const ok = await runCli([
      'deploy',
      join(dir, 'app-config.yaml'),
      '--generate-only',
      '--output-dir',
      join(dir, 'k8s'),
      '--project-root',
      base,
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('a copied package.json that links out of the project ends with exit 2, before any session', async () => {
    const dir = join(base, 'deploy-leaky');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    symlinkSync(join(outside, 'package.json'), join(dir, 'package.json'));
    writeFileSync(join(dir, 'app-config.yaml'), CONFIG);
    const r = await runCli([
      'deploy',
      join(dir, 'app-config.yaml'),
      '--generate-only',
      '--output-dir',
      join(dir, 'k8s'),
    ]);
    expect(r.stderr).toContain('outside the project root');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'k8s'))).toBe(false);
  });

  it('--project-root that is not a directory is exit 2', async () => {
    writeFileSync(join(project, 'app-config.yaml'), CONFIG);
    const r = await runCli([
      'deploy',
      join(project, 'app-config.yaml'),
      '--generate-only',
      '--output-dir',
      join(base, 'k8s-nope'),
      '--project-root',
      join(base, 'nope'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--project-root');
  });
});
