import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../src/manifests/diff.js';
import {
  EMPTY_WORKSPACE,
  renderWorkspace,
  withContribution,
  withoutStep,
  workspaceFiles,
} from '../../src/manifests/workspace.js';
import { writeTreeAtomically, OutputDirNotEmpty } from '../../src/manifests/writer.js';
import { objectToYaml, objectsToYaml, yamlToObjects } from '../../src/manifests/yaml.js';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('workspace', () => {
  it('merges contributions into shared files by rank, whatever the call order', () => {
    const a = { step: 'x/a', order: 2, files: [{ path: 'f.yaml', objects: [cm('a')] }] };
    const b = {
      step: 'x/b',
      order: 1,
      files: [
        { path: 'f.yaml', objects: [cm('b')] },
        { path: 'g.yaml', objects: [cm('g')] },
      ],
    };
    const ab = withContribution(withContribution(EMPTY_WORKSPACE, a), b);
    const ba = withContribution(withContribution(EMPTY_WORKSPACE, b), a);
    expect(workspaceFiles(ab).map((f) => [f.path, f.objects.map((o) => o.metadata.name)])).toEqual([
      ['f.yaml', ['b', 'a']],
      ['g.yaml', ['g']],
    ]);
    expect(renderWorkspace(ab)).toEqual(renderWorkspace(ba));
    expect([...renderWorkspace(withoutStep(ab, 'x/b')).keys()]).toEqual(['f.yaml']);
  });

  it('YAML round-trips and diffs report added and modified files', () => {
    const text = objectsToYaml([cm('a'), cm('b')]);
    expect(yamlToObjects(text)).toEqual([cm('a'), cm('b')]);
    const d = diffTrees(
      new Map([['a.yaml', 'x: 1\n']]),
      new Map([
        ['a.yaml', 'x: 2\n'],
        ['b.yaml', 'y: 1\n'],
      ]),
    );
    expect(d.map((f) => [f.path, f.change, f.added, f.removed])).toEqual([
      ['a.yaml', 'modified', 1, 1],
      ['b.yaml', 'added', 1, 0],
    ]);
    expect(() => yamlToObjects('a: [1', 'bad.yaml')).toThrow(/^bad\.yaml:\d+:\d+:/);
  });
});

describe('atomic writer', () => {
  it('writes a new tree and refuses a non-empty directory unless forced', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kk-w-')), 'out');
    await writeTreeAtomically(dir, new Map([['k8s/a.yaml', 'a\n']]));
    expect(readFileSync(join(dir, 'k8s/a.yaml'), 'utf8')).toBe('a\n');
    await expect(writeTreeAtomically(dir, new Map([['k8s/a.yaml', 'b\n']]))).rejects.toBeInstanceOf(OutputDirNotEmpty);
    expect(readFileSync(join(dir, 'k8s/a.yaml'), 'utf8')).toBe('a\n');
    await writeTreeAtomically(dir, new Map([['k8s/b.yaml', 'b\n']]), { force: true });
    expect(readdirSync(join(dir, 'k8s'))).toEqual(['b.yaml']);
    // No temporary siblings are left behind.
    expect(readdirSync(join(dir, '..'))).toEqual(['out']);
  });

  it('leaves nothing behind when a write fails', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kk-w-'));
    const dir = join(parent, 'out');
    mkdirSync(join(parent, 'blocker'));
    writeFileSync(join(parent, 'blocker', 'x'), '');
    // A path that turns a file into a directory fails half-way.
    await expect(
      writeTreeAtomically(
        dir,
        new Map([
          ['a.yaml', 'a'],
          ['a.yaml/b', 'b'],
        ]),
      ),
    ).rejects.toThrow();
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(parent)).toEqual(['blocker']);
  });
});

describe('YAML rendering', () => {
  it('renders an object once, and freezes it so no later change can leave a stale rendering', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '1' } }, data: { k: 'v' } };
    const first = objectToYaml(cm);
    expect(first).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    x: "1"\ndata:\n  k: v\n');
    expect(objectsToYaml([cm, cm])).toBe(`${first}---\n${first}`);
    expect(() => {
      (cm.metadata.labels as Record<string, string>).x = '2';
    }).toThrow(TypeError);
    expect(objectToYaml({ ...cm, data: { k: 'w' } })).toContain('k: w');
  });
});
