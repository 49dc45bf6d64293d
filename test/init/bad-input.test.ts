// Compose bad inputs: each an error at FILE:LINE:COL with exit code 2 and nothing
// written, except a bind mount, which is a warning (the service is still written).
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function project(compose: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-init-bad-'));
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const DOCKERFILE = 'FROM node:22-alpine\nUSER node\nEXPOSE 3000\nCMD ["node", "server.js"]\n';

const ERRORS: [string, string, RegExp][] = [
  ['invalid YAML', 'services:\n  web:\n    image: [nginx\n', /^error: compose\.yaml:\d+:\d+: invalid YAML/m],
  [
    'an unknown top-level key',
    'services:\n  web:\n    image: nginx:1.27\nservise:\n  api: {}\n',
    /compose\.yaml:4:1: unknown top-level key "servise"/,
  ],
  [
    'an unknown service key',
    'services:\n  web:\n    imagee: nginx:1.27\n',
    /compose\.yaml:3:5: unknown key "imagee" in services\.web/,
  ],
  [
    'a container port out of range',
    'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:70000"\n',
    /compose\.yaml:5:9: ports: "8080:70000": port 70000 is out of range \(1-65535\)/,
  ],
  [
    'a host port out of range',
    'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "99999:80"\n',
    /compose\.yaml:5:9: ports: "99999:80": host port 99999 is out of range/,
  ],
  [
    'a build context that does not exist',
    'services:\n  api:\n    build:\n      context: ./nope\n',
    /compose\.yaml:4:16: build context "\.\/nope" does not exist/,
  ],
  [
    'a required variable that is not set',
    'services:\n  web:\n    image: "${KK_INIT_TEST_IMAGE:?name the image}"\n',
    /compose\.yaml:3:12: required variable KK_INIT_TEST_IMAGE is not set: name the image/,
  ],
  [
    'an extends cycle',
    'services:\n  a:\n    image: nginx:1.27\n    extends: b\n  b:\n    extends: a\n',
    /extends forms a cycle/,
  ],
];

describe('init refuses bad Compose input with FILE:LINE:COL, exit 2, nothing written', () => {
  it.each(ERRORS)('%s', async (_what, compose, message) => {
    const dir = project(compose);
    const before = readdirSync(dir).sort();
    const r = await runCli(['init', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('one bad service stops every service from being written', async () => {
    const dir = project('services:\n  web:\n    image: nginx:1.27\n  api:\n    build: ./missing\n');
    const r = await runCli(['init', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['compose.yaml']);
  });

  it('a directory with neither a Compose file nor a Dockerfile is bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-init-empty-'));
    const r = await runCli(['init', dir, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Compose file');
  });
});

describe('Dockerfiles one level down', () => {
  it('writes <dir>.app-config.yaml per Dockerfile, each naming its own context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-init-multi-'));
    for (const sub of ['billing', 'search']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'Dockerfile'), DOCKERFILE);
    }
    const r = await runCli(['init', dir, '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout).written as {
      file: string;
      config: { metadata: { name: string }; spec: Record<string, unknown> };
    }[];
    expect(written.map((w) => w.file)).toEqual([
      join(dir, 'billing.app-config.yaml'),
      join(dir, 'search.app-config.yaml'),
    ]);
    expect(written[1].config.metadata.name).toBe('search');
    expect(written[1].config.spec).toMatchObject({
      dockerfile: './search/Dockerfile',
      buildContext: './search',
      ports: [{ port: 3000, protocol: 'HTTP' }],
    });
  });
});

describe('a bind mount is a warning, not an error', () => {
  it('writes the config and names the mount at FILE:LINE:COL', async () => {
    const dir = project('services:\n  api:\n    build: ./api\n    volumes:\n      - ./api/src:/app/src\n', {
      'api/Dockerfile': DOCKERFILE,
    });
    const r = await runCli(['init', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/compose\.yaml:5:9: warning: bind mount \.\/api\/src:\/app\/src is left out/);
    expect(readdirSync(dir)).toContain('app-config.yaml');
  });
});
