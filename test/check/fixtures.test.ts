// `check` on every fixture's generated tree. The generators are not yet fixed against
// these rules, so the findings are printed, not asserted empty. What is asserted: the
// check reads every generated file, and its apply-order findings are exactly the
// objects FakeApiServer (the Kubernetes API test double) refuses when k8s-manifests/
// is applied in `kubectl apply -R` order on an empty cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKube, type KubeTarget } from '../../src/kube/client.js';
import { resourcePath } from '../../src/kube/paths.js';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { analyzeDockerfile } from '../../src/dockerfile/index.js';
import { checkFactsFromDockerfile, checkPaths, checkTexts, formatFinding, formatMatrix, loadTree } from '../../src/manifests/check/index.js';
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
    const facts = checkFactsFromDockerfile(await analyzeDockerfile({ dockerfilePath: loaded.dockerfilePath, contextDir: loaded.buildContextPath }));
    const result = checkPaths([dir], facts);
    expect(result.objects).toBe(g.objects.length);
    const rel = (f: string) => f.split(`${dir}/`).join('');
    // The report: what the generators still have to fix (every finding and the matrix with KK_CHECK_REPORT=1).
    const tally = Object.entries(Object.groupBy(result.findings, (f) => f.rule)).map(([rule, fs]) => `${rule}×${fs!.length}`).join(', ');
    console.log(`--- ${fixture}: ${result.errors} errors, ${result.warnings} warnings (${tally})`);
    if (process.env.KK_CHECK_REPORT) console.log(`${result.findings.map((f) => rel(formatFinding(f))).join('\n')}\n${formatMatrix(result.matrix)}`);
    for (const f of result.findings) expect(f.line).toBeGreaterThan(0);
    // The in-memory entry point (for validate_manifests and deploy later) sees the same.
    expect(checkTexts(g.files, facts).findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual(result.findings.map((f) => `${rel(f.file)}:${f.line} ${f.rule} ${rel(f.message)}`));

    const manifests = `${dir}/k8s-manifests`;
    const refused: string[] = [];
    for (const e of loadTree([manifests]).entries) {
      const res = await target.request('PATCH', `${resourcePath(e.obj as never, 'default')}?fieldManager=kubectl&dryRun=All`, JSON.stringify(e.obj), { 'content-type': 'application/apply-patch+yaml' });
      if (res.status === 404) refused.push(`${rel(e.file)}:${e.line}`);
      // A dry run stores nothing, so a Namespace it would create is created for real.
      if (e.obj.kind === 'Namespace') await target.request('PATCH', `${resourcePath(e.obj as never, 'default')}?fieldManager=kubectl`, JSON.stringify(e.obj), { 'content-type': 'application/apply-patch+yaml' });
    }
    // The next fixture starts from an empty cluster again.
    for (const k of [...api.store.keys()]) api.store.delete(k);
    const ordered = checkPaths([manifests]).findings.filter((f) => f.rule === 'KK-CHK-APPLY-ORDER').map((f) => `${rel(f.file)}:${f.line}`);
    expect(refused).toEqual(ordered);
  }, 60_000);
});
