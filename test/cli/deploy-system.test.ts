// `deploy` with several configs or a directory of them: one plan (--plan-only), one
// generated tree that `check` passes, one transcript whose export is that tree, and
// clear refusals (exit 2) for a directory without configs and two apps of one name;
// chat's `deploy compose.yaml` does the same from the Compose file, writing no config.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { copyFixture } from '../init/helpers.js';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (!e.name.startsWith('.')) out.push(relative(dir, join(d, e.name)));
  };
  walk(dir);
  return out.sort();
}

describe('deploy DIR: the apps init wrote, as one system', () => {
  let dir: string;
  beforeAll(async () => {
    dir = copyFixture('compose-shop');
    const init = await runCli(['init', dir, '--yes'], { env: { API_TAG: '', WEB_PORT: '', COMPOSE_PROFILES: '' } });
    expect(init.code, init.stderr).toBe(0);
  }, 60_000);

  it('--plan-only: every app with its components and the flows between them', async () => {
    const r = await runCli(['deploy', dir, '--plan-only', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.apps.map((a: { app: string }) => a.app)).toEqual(['api', 'web', 'worker']);
    expect(out.flows).toEqual(['web → api (TCP 3000, 9464)']);
    const text = await runCli(['deploy', dir, '--plan-only']);
    expect(text.stdout).toContain('Components for worker');
    expect(text.stdout).toContain('Flows between the apps (each accepts only these)\n  web → api (TCP 3000, 9464)');
  }, 60_000);

  it('--generate-only writes one tree with a folder per app that check passes; the transcript exports the same tree', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kk-system-')), 'k8s');
    const r = await runCli(['deploy', dir, '--generate-only', '--output-dir', out, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const written = files(out);
    for (const app of ['api', 'web', 'worker']) expect(written).toContain(`k8s-manifests/${app}/04-deployment.yaml`);
    expect(written).toContain('k8s-manifests/01-namespace.yaml');
    const check = await runCli(['check', out]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/: 0 errors/);
    const exported = join(mkdtempSync(join(tmpdir(), 'kk-system-export-')), 'tree');
    const e = await runCli(['sessions', 'export', 'latest', '--format', 'manifests', '--output-dir', exported]);
    expect(e.code, e.stderr).toBe(0);
    expect(files(exported)).toEqual(written);
    for (const f of written)
      expect(readFileSync(join(exported, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  }, 120_000);

  it('chat: `deploy compose.yaml` deploys every app service as one system, and export writes its tree', async () => {
    const fresh = copyFixture('compose-shop');
    const exported = join(mkdtempSync(join(tmpdir(), 'kk-system-chat-')), 'tree');
    const r = await runCli(['chat', '--approval', 'yes'], {
      cwd: fresh,
      input: `deploy compose.yaml\nexport ${exported}\n`,
      env: { API_TAG: '', WEB_PORT: '', COMPOSE_PROFILES: '' },
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Plan for the system (3 apps: web, api, worker; namespace shop)');
    const written = files(exported);
    for (const app of ['web', 'api', 'worker']) expect(written).toContain(`k8s-manifests/${app}/04-deployment.yaml`);
    // Nothing was written beside the Compose file: the configs stayed in memory.
    expect(readdirSync(fresh).filter((f) => f.endsWith('.app-config.yaml'))).toEqual([]);
    const check = await runCli(['check', exported]);
    expect(check.code, check.stdout).toBe(0);
  }, 150_000);

  it('refuses two configs of one app name, and a directory without configs (exit 2, nothing run)', async () => {
    const copy = join(dir, 'again.app-config.yaml');
    writeFileSync(copy, readFileSync(join(dir, 'web.app-config.yaml')));
    const twice = await runCli(['deploy', join(dir, 'web.app-config.yaml'), copy, '--plan-only']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('metadata.name "web" is also the name in');
    expect(twice.stderr).not.toMatch(/\n\s+at /);
    const empty = mkdtempSync(join(tmpdir(), 'kk-empty-'));
    const none = await runCli(['deploy', empty, '--plan-only']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no app-config.yaml or *.app-config.yaml in this directory');
  }, 60_000);
});
