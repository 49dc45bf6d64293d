// validate_manifests reads the tree it holds in memory without parsing its own YAML back:
// the entries (objects and document lines) must be exactly those a parse would give,
// or check findings would name other lines than the written files have.
import { describe, expect, it } from 'vitest';
import { parseManifests, renderedEntries } from '../../src/manifests/check/load.js';
import { workspaceFiles } from '../../src/manifests/workspace.js';
import { objectToYaml } from '../../src/manifests/yaml.js';
import { validateManifests } from '../../src/manifests/validate.js';
import { FIXTURES, generate } from '../helpers/generate.js';

const docsOf = (objects: readonly object[]) => objects.map((obj) => ({ obj, text: objectToYaml(obj as never) }));

describe('renderedEntries agrees with parsing the rendered text', () => {
  it.each(FIXTURES)('%s: every file, object for object, line for line', async (fixture) => {
    const g = await generate(fixture);
    const files = workspaceFiles(g.state.workspace);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const docs = docsOf(f.objects);
      expect(renderedEntries(f.path, docs), f.path).toEqual(parseManifests(g.files.get(f.path)!, f.path));
    }
  });

  it('multi-line strings, quoting and a later document keep their lines', () => {
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a' },
        data: { script: 'line one\nline two\n', yes: 'yes', n: '0123', empty: '' },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', labels: { x: 'y' } }, data: { k: 'v' } },
    ];
    const docs = docsOf(objects);
    const text = docs.map((d) => d.text).join('---\n');
    expect(renderedEntries('f.yaml', docs)).toEqual(parseManifests(text, 'f.yaml'));
    expect(renderedEntries('f.yaml', docs)![1].line).toBeGreaterThan(5);
  });

  it('a finding on a later document names the line of that document', async () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'one\ntwo\nthree\n' } };
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'quota', namespace: 'shop' },
      spec: { hard: { pods: '10' } },
    };
    const r = await validateManifests([{ path: 'k8s-manifests/01-namespace.yaml', objects: [cm, quota, ns] as never }]);
    const text = [cm, quota, ns].map((o) => objectToYaml(o as never)).join('---\n');
    const quotaLine = parseManifests(text, 'x').find((e) => e.obj.kind === 'ResourceQuota')!.line;
    expect(quotaLine).toBeGreaterThan(1);
    expect(r.findings.find((f) => f.rule === 'KK-CHK-APPLY-ORDER')?.message).toMatch(
      new RegExp(`^line ${quotaLine}: `),
    );
  });
});
