// The output directory: --force replaces only what the product recorded writing there,
// the swap survives a kill at any step (the next run completes or undoes it), no staging
// directory is left behind, the mode follows the umask, and a symbolic link as output
// path is refused. The TUI's /export follows the same rules (no unconditional force).
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  foreignEntries,
  ForeignFilesInOutput,
  moveAside,
  OUTPUT_MANIFEST,
  OutputDirNotEmpty,
  OutputPathRefused,
  readOutputRecord,
  recoverOutput,
  stageTree,
  writeTreeAtomically,
} from '../../src/manifests/writer.js';
import { runSlashEffect } from '../../src/ui/slash-effects.js';
import { parseSlash } from '../../src/ui/slash.js';
import type { OpenSession } from '../../src/agent/session-runner.js';
import type { SessionEvent } from '../../src/sessions/events.js';
import { tree } from '../helpers/tree.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'kk-out-'));
const files = (tag: string) =>
  new Map([
    ['k8s-manifests/01-namespace.yaml', `ns: ${tag}\n`],
    ['k8s-manifests/04-deployment.yaml', `dep: ${tag}\n`],
    ['kustomization.yaml', `k: ${tag}\n`],
  ]);
const siblings = (parent: string) => readdirSync(parent).filter((n) => n.startsWith('.'));

describe('--force replaces only what the product wrote', () => {
  it('refuses a project directory (.git, sources, Dockerfile, config), listing what is in the way, and changes nothing', async () => {
    const project = fresh();
    mkdirSync(join(project, '.git', 'refs'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src', 'server.js'), 'listen()\n');
    writeFileSync(join(project, 'Dockerfile'), 'FROM node:22\n');
    writeFileSync(join(project, 'app-config.yaml'), 'kind: AppDeployment\n');
    const before = tree(project);
    const err = await writeTreeAtomically(project, files('new'), { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForeignFilesInOutput);
    expect((err as ForeignFilesInOutput).foreign).toEqual([
      '.git/',
      '.git/HEAD',
      '.git/refs/',
      'Dockerfile',
      'app-config.yaml',
      'src/',
      'src/server.js',
    ]);
    expect(tree(project)).toEqual(before);
    expect(existsSync(join(project, '.git', 'refs'))).toBe(true);
    expect(siblings(join(project, '..')).filter((n) => n.includes('kaptain'))).toEqual([]);
  });

  it('replaces its own earlier output, and only that; a file added since stops it', async () => {
    const out = join(fresh(), 'out');
    await writeTreeAtomically(out, files('one'));
    expect(readOutputRecord(out)).toEqual([...files('one').keys()].sort());
    const next = new Map([['k8s-manifests/04-deployment.yaml', 'dep: two\n']]);
    await writeTreeAtomically(out, next, { force: true });
    expect(tree(out)).toEqual(
      new Map([
        [
          OUTPUT_MANIFEST,
          `${JSON.stringify({ writtenBy: 'kaptain-kube', files: ['k8s-manifests/04-deployment.yaml'] }, null, 2)}\n`,
        ],
        ...next,
      ]),
    );
    writeFileSync(join(out, 'k8s-manifests', 'notes.md'), 'mine\n');
    mkdirSync(join(out, 'empty-dir-of-mine'));
    const err = await writeTreeAtomically(out, files('three'), { force: true }).catch((e: unknown) => e);
    expect((err as ForeignFilesInOutput).foreign).toEqual(['empty-dir-of-mine/', 'k8s-manifests/notes.md']);
    expect(readFileSync(join(out, 'k8s-manifests', 'notes.md'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(out, 'k8s-manifests', '04-deployment.yaml'), 'utf8')).toBe('dep: two\n');
  });

  it('without --force any non-empty directory is refused, even one holding only an empty folder', async () => {
    const out = fresh();
    mkdirSync(join(out, 'x'));
    await expect(writeTreeAtomically(out, files('a'))).rejects.toBeInstanceOf(OutputDirNotEmpty);
    expect(foreignEntries(out)).toEqual(['x/']);
  });

  it('a forged record naming paths outside the tree grants nothing', async () => {
    const out = fresh();
    writeFileSync(join(out, OUTPUT_MANIFEST), JSON.stringify({ writtenBy: 'kaptain-kube', files: ['../x', 'a.txt'] }));
    writeFileSync(join(out, 'a.txt'), 'mine\n');
    expect(readOutputRecord(out)).toEqual(['a.txt']);
  });
});

describe('the swap survives a kill at any step', () => {
  const oldTree = files('old');
  const newTree = files('new');
  async function written(): Promise<{ parent: string; out: string }> {
    const parent = fresh();
    const out = join(parent, 'out');
    await writeTreeAtomically(out, oldTree);
    return { parent, out };
  }
  const content = (out: string) => [...tree(out)].filter(([p]) => p !== OUTPUT_MANIFEST);

  it('killed after staging: the old tree stays, the next run removes the staging', async () => {
    const { parent, out } = await written();
    stageTree(out, 'k1', newTree);
    expect(siblings(parent)).toEqual(['.out.kaptain-new-k1']);
    recoverOutput(out);
    expect(content(out)).toEqual([...oldTree]);
    expect(siblings(parent)).toEqual([]);
  });

  it('killed between the two renames: the target is missing, the next run puts the complete new tree in place', async () => {
    const { parent, out } = await written();
    const staging = stageTree(out, 'k2', newTree);
    moveAside(out, 'k2');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(staging)).toBe(true);
    // The next run (here a forced rewrite) first completes the interrupted swap.
    await writeTreeAtomically(out, newTree, { force: true });
    expect(content(out)).toEqual([...newTree]);
    expect(siblings(parent)).toEqual([]);
  });

  it('killed between the renames while staging was incomplete: the old tree comes back', async () => {
    const { parent, out } = await written();
    const staging = stageTree(out, 'k3', newTree);
    rmSync(join(staging, OUTPUT_MANIFEST)); // the kill came before the record was written
    moveAside(out, 'k3');
    recoverOutput(out);
    expect(content(out)).toEqual([...oldTree]);
    expect(siblings(parent)).toEqual([]);
  });

  it('killed after the new tree is in place: the old one is removed', async () => {
    const { parent, out } = await written();
    const staging = stageTree(out, 'k4', newTree);
    const old = moveAside(out, 'k4');
    renameSync(staging, out); // promote's first half
    expect(existsSync(old!)).toBe(true);
    recoverOutput(out);
    expect(content(out)).toEqual([...newTree]);
    expect(siblings(parent)).toEqual([]);
  });

  it('a failed write leaves the old tree and no staging; a successful one leaves no sibling', async () => {
    const { parent, out } = await written();
    await expect(
      writeTreeAtomically(
        out,
        new Map([
          ['a.yaml', 'a'],
          ['a.yaml/b', 'b'],
        ]),
        { force: true },
      ),
    ).rejects.toThrow();
    expect(content(out)).toEqual([...oldTree]);
    expect(siblings(parent)).toEqual([]);
    await writeTreeAtomically(out, newTree, { force: true });
    expect(content(out)).toEqual([...newTree]);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

describe('mode and links', () => {
  const saved = process.umask();
  afterEach(() => void process.umask(saved));

  it('the directory mode follows the umask (022 → 0755, 027 → 0750), no more 0700', async () => {
    process.umask(0o022);
    const a = join(fresh(), 'out');
    await writeTreeAtomically(a, files('a'));
    expect(statSync(a).mode & 0o777).toBe(0o755);
    expect(statSync(join(a, 'k8s-manifests', '04-deployment.yaml')).mode & 0o777).toBe(0o644);
    process.umask(0o027);
    const b = join(fresh(), 'out');
    await writeTreeAtomically(b, files('b'));
    expect(statSync(b).mode & 0o777).toBe(0o750);
  });

  it('an output path that is a symbolic link is refused, and what it points to is untouched', async () => {
    const parent = fresh();
    const real = join(parent, 'real');
    await writeTreeAtomically(real, files('real'));
    symlinkSync(real, join(parent, 'link'));
    const err = await writeTreeAtomically(join(parent, 'link'), files('new'), { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputPathRefused);
    expect((err as Error).message).toContain(`is a symbolic link (it points to ${real})`);
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'kustomization.yaml'), 'utf8')).toBe('k: real\n');
  });
});

describe('the TUI /export', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
  const events = [
    {
      seq: 0,
      at: '2026-01-01T00:00:00Z',
      type: 'workspace.changed',
      callId: 'c1',
      key: 'k8s-manifest-generator/generate_configmap',
      order: 1,
      files: [{ path: 'k8s-manifests/03-configmap.yaml', objects: [cm] }],
      diff: [],
    },
  ] as unknown as SessionEvent[];
  /** fakeOpenSession: stands in for an open TUI session; only the transcript read and the event sink are used. */
  const fakeOpenSession = (emitted: unknown[]) =>
    ({
      file: { read: () => events },
      engine: { emit: async (e: unknown) => void emitted.push(e) },
    }) as unknown as OpenSession;

  it('never forces by itself: a project directory is refused with the list, and /export --force still spares it', async () => {
    expect(parseSlash('/export out')).toMatchObject({ type: 'export', force: false });
    const project = fresh();
    mkdirSync(join(project, '.git'));
    writeFileSync(join(project, '.git', 'HEAD'), 'x\n');
    writeFileSync(join(project, 'Dockerfile'), 'FROM x\n');
    const emitted: unknown[] = [];
    const plain = await runSlashEffect(parseSlash(`/export ${project}`)!, fakeOpenSession(emitted));
    expect(plain.join('\n')).toContain('is not empty');
    const forced = await runSlashEffect(parseSlash(`/export ${project} --force`)!, fakeOpenSession(emitted));
    expect(forced.join('\n')).toContain('did not write');
    expect(forced).toContain('  Dockerfile');
    expect(emitted).toEqual([]);
    expect(tree(project)).toEqual(
      new Map([
        ['.git/HEAD', 'x\n'],
        ['Dockerfile', 'FROM x\n'],
      ]),
    );
    const out = join(fresh(), 'k8s');
    await runSlashEffect(parseSlash(`/export ${out}`)!, fakeOpenSession(emitted));
    await runSlashEffect(parseSlash(`/export ${out} --force`)!, fakeOpenSession(emitted));
    expect(readOutputRecord(out)).toEqual(['k8s-manifests/03-configmap.yaml']);
    expect(emitted).toHaveLength(2);
  });
});
