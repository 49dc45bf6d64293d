// The built CLI never destroys what it did not write, and never writes outside its
// output tree: `deploy --force` into a project directory, `sessions export --force`
// and the plain chat's `export --force` are refused with the list of what is in the way;
// a transcript naming a path outside the tree exports nothing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/sessions/store.js';
import { sessionsDir } from '../../src/sessions/paths.js';
import type { NewEvent } from '../../src/sessions/events.js';
import { OUTPUT_MANIFEST } from '../../src/manifests/paths.js';
import { REPO, runCli, TEST_HOME } from '../helpers/cli.js';
import { tree } from '../helpers/tree.js';

/** A project as a user has it: sources, Dockerfile, config and a git repository. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-project-'));
  cpSync(join(REPO, 'fixtures', 'blog-api'), dir, { recursive: true });
  mkdirSync(join(dir, '.git', 'objects'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return dir;
}

/** A transcript in the CLI's session store whose approved workspace holds `paths`. */
async function transcript(paths: string[]): Promise<string> {
  const store = new SessionStore(sessionsDir({ XDG_DATA_HOME: join(TEST_HOME, 'data') }));
  const file = store.create();
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
  const events: NewEvent[] = [
    {
      type: 'session.started',
      sessionId: file.id,
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'ask',
    },
    {
      type: 'workspace.changed',
      callId: 'call-0001',
      key: 'evil/generate',
      order: 1,
      files: paths.map((path, i) => ({ path, objects: [cm(`c${i}`)] })),
      diff: [],
    },
  ] as NewEvent[];
  for (const e of events) await file.append(e);
  file.close();
  return file.id;
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('deploy --force', () => {
  it('deploy --generate-only --output-dir . --force in a project is refused (exit 2), listing its files; everything is still there', async () => {
    const dir = project();
    const before = tree(dir);
    const r = await runCli(['deploy', 'app-config.yaml', '--generate-only', '--output-dir', '.', '--force'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did not write');
    for (const f of ['.git/HEAD', 'Dockerfile', 'app-config.yaml', 'package.json', 'src/'])
      expect(r.stderr).toContain(`  ${f}`);
    noStack(r.stderr);
    expect(tree(dir)).toEqual(before);
    expect(readdirSync(join(dir, '..')).filter((n) => n.includes('kaptain-'))).toEqual([]);
  });

  it('re-running over its own output with --force works and replaces only its files', async () => {
    const dir = project();
    const out = join(dir, 'k8s');
    const first = await runCli(['deploy', 'app-config.yaml', '--generate-only', '--output-dir', out], { cwd: dir });
    expect(first.code).toBe(0);
    const written = tree(out);
    expect(written.has(OUTPUT_MANIFEST)).toBe(true);
    const again = await runCli(['deploy', 'app-config.yaml', '--generate-only', '--output-dir', out, '--force'], {
      cwd: dir,
    });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(tree(out)).toEqual(written);
    // A file of the user's in the tree stops the next forced run, and survives it.
    writeFileSync(join(out, 'NOTES.md'), 'mine\n');
    const refused = await runCli(['deploy', 'app-config.yaml', '--generate-only', '--output-dir', out, '--force'], {
      cwd: dir,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('  NOTES.md');
    expect(tree(out)).toEqual(new Map([...written, ['NOTES.md', 'mine\n']]));
    expect(readdirSync(dir).filter((n) => n.includes('kaptain-'))).toEqual([]);
  });
});

describe('sessions export and the plain chat export', () => {
  it('sessions export --force into a project is refused and changes nothing', async () => {
    const id = await transcript(['k8s-manifests/03-configmap.yaml']);
    const dir = project();
    const before = tree(dir);
    const r = await runCli(['sessions', 'export', id, '--output', dir, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did not write');
    expect(r.stderr).toContain('  .git/HEAD');
    noStack(r.stderr);
    expect(tree(dir)).toEqual(before);
  });

  it('a Markdown or JSON export --force never replaces a directory', async () => {
    const id = await transcript(['k8s-manifests/03-configmap.yaml']);
    const dir = project();
    const before = tree(dir);
    const r = await runCli(['sessions', 'export', id, '--format', 'json', '--output', dir, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a regular file');
    noStack(r.stderr);
    expect(tree(dir)).toEqual(before);
    expect(readdirSync(join(dir, '..')).filter((n) => n.includes('kaptain-tmp'))).toEqual([]);
  });

  it.each(['../../escaped.yaml', '/tmp/kk-escaped-abs.yaml', 'a/../../escaped.yaml'])(
    'a transcript naming %j exports nothing, anywhere',
    async (path) => {
      const id = await transcript(['k8s-manifests/ok.yaml', path]);
      const parent = mkdtempSync(join(tmpdir(), 'kk-exp-'));
      const out = join(parent, 'a', 'b', 'out');
      const r = await runCli(['sessions', 'export', id, '--output', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('refused file path');
      noStack(r.stderr);
      expect(readdirSync(parent)).toEqual([]);
      expect(existsSync('/tmp/kk-escaped-abs.yaml')).toBe(false);
    },
  );

  it('the plain chat export refuses a project directory with --force, and a path outside the tree', async () => {
    const id = await transcript(['k8s-manifests/03-configmap.yaml']);
    const dir = project();
    const before = tree(dir);
    const r = await runCli(['chat', '--resume', id, '--plain'], { input: `export ${dir} --force\n` });
    expect(r.stdout + r.stderr).toContain('did not write');
    expect(tree(dir)).toEqual(before);

    const bad = await transcript(['../../escaped.yaml']);
    const parent = mkdtempSync(join(tmpdir(), 'kk-exp-'));
    const r2 = await runCli(['chat', '--resume', bad, '--plain'], { input: `export ${join(parent, 'x', 'out')}\n` });
    expect(r2.stdout + r2.stderr).toContain('refused file path');
    expect(readdirSync(parent)).toEqual([]);
  });
});
