// `check` on every fixture's generated tree: the generators are fixed against its rules,
// so every tree has 0 errors. And k8s-manifests/ applied in `kubectl apply -R` order against
// FakeApiServer (the Kubernetes API test double, which refuses a namespaced object whose
// Namespace does not exist yet) is accepted object for object on an empty cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKube, type KubeTarget } from '../../src/kube/client.js';
import { resourcePath } from '../../src/kube/paths.js';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { analyzeDockerfile } from '../../src/dockerfile/index.js';
import {
  checkFactsFromDockerfile,
  checkPaths,
  checkTexts,
  formatFinding,
  formatMatrix,
  loadTree,
} from '../../src/manifests/check/index.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { REPO } from '../helpers/cli.js';
import { FIXTURES, generate } from '../helpers/generate.js';
import { writeTree } from './trees.js';

let api: FakeApiServer;
let target: KubeTarget;
beforeAll(async () => {
  api = new FakeApiServer({ token: 'fixtures-token' });
  await api.start();
  const loaded = loadKube({ kubeconfig: api.kubeconfig() });
  if ('missing' in loaded) throw new Error(loaded.reason);
  target = loaded.target;
}, 30_000);
afterAll(async () => api.stop());

describe.each(FIXTURES)('%s: check on the generated tree', (fixture) => {
  it('reads every file, reports FILE:LINE findings, and agrees with the API test double on apply order', async () => {
    const g = await generate(fixture);
    const dir = writeTree(Object.fromEntries(g.files));
    const loaded = await loadAppConfig(join(REPO, 'fixtures', fixture, 'app-config.yaml'));
    // An image-only fixture (a database run as given) has no Dockerfile to take facts from.
    const facts = loaded.dockerfilePath
      ? checkFactsFromDockerfile(
          await analyzeDockerfile({ dockerfilePath: loaded.dockerfilePath, contextDir: loaded.buildContextPath }),
        )
      : {};
    const result = checkPaths([dir], facts);
    expect(result.objects).toBe(g.objects.length);
    const rel = (f: string) => f.split(`${dir}/`).join('');
    // The report (every finding and the matrix with KK_CHECK_REPORT=1).
    const tally = Object.entries(Object.groupBy(result.findings, (f) => f.rule))
      .map(([rule, fs]) => `${rule}×${fs!.length}`)
      .join(', ');
    console.log(`--- ${fixture}: ${result.errors} errors, ${result.warnings} warnings (${tally})`);
    if (process.env.KK_CHECK_REPORT)
      console.log(`${result.findings.map((f) => rel(formatFinding(f))).join('\n')}\n${formatMatrix(result.matrix)}`);
    for (const f of result.findings) expect(f.line).toBeGreaterThan(0);
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => rel(formatFinding(f)))).toEqual([]);
    expect(result.errors).toBe(0);
    // The in-memory entry point (for validate_manifests and deploy later) sees the same.
    expect(checkTexts(g.files, facts).findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual(
      result.findings.map((f) => `${rel(f.file)}:${f.line} ${f.rule} ${rel(f.message)}`),
    );

    const manifests = `${dir}/k8s-manifests`;
    const refused: string[] = [];
    let accepted = 0;
    for (const e of loadTree([manifests]).entries) {
      const res = await target.request(
        'PATCH',
        `${resourcePath(e.obj as never, 'default')}?fieldManager=kubectl&dryRun=All`,
        JSON.stringify(e.obj),
        { 'content-type': 'application/apply-patch+yaml' },
      );
      if (res.status === 404) refused.push(`${rel(e.file)}:${e.line}`);
      else if (res.status < 300) accepted++;
      // A dry run stores nothing, so a Namespace it would create is created for real.
      if (e.obj.kind === 'Namespace')
        await target.request(
          'PATCH',
          `${resourcePath(e.obj as never, 'default')}?fieldManager=kubectl`,
          JSON.stringify(e.obj),
          { 'content-type': 'application/apply-patch+yaml' },
        );
    }
    // The next fixture starts from an empty cluster again.
    for (const k of [...api.store.keys()]) api.store.delete(k);
    const ordered = checkPaths([manifests])
      .findings.filter((f) => f.rule === 'KK-CHK-APPLY-ORDER')
      .map((f) => `${rel(f.file)}:${f.line}`);
    expect(refused).toEqual(ordered);
    expect(refused).toEqual([]);
    expect(accepted).toBe(loadTree([manifests]).entries.length);
  }, 60_000);
});
