// `init` on each hand-written fixture's folder (its app-config.yaml removed): the config it
// writes equals the hand-written one except for the fields listed below, each with the reason
// init cannot know it; with those fields taken from the hand-written file, deploy renders the
// very same tree. The init config alone also deploys without a failed call.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAppConfig } from '../../src/app-config/loader.js';
import { appDeploymentSchema } from '../../src/app-config/schema.js';
import { REPO, runCli } from '../helpers/cli.js';
import { copyFixture, setPath, treeOf } from './helpers.js';

const WHY = {
  image: 'the registry and tag an image is pushed to are not in a Dockerfile',
  requirements: 'requirements are prose a person writes',
  components: 'ingress host, Git repository and component choices are decisions, not Dockerfile facts',
  sizing: 'resources and scaling are chosen for the load; init leaves them to the estimate',
  secrets: 'the Secrets an app reads are not named in its Dockerfile',
  name: 'the app is named differently from its directory',
};

/** Fields the hand-written configs set that init cannot derive: path → reason. */
const INTENDED: Record<string, [string, string][]> = {
  'blog-api': [
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.ports.0.path', 'the /api route prefix is not in the Dockerfile'],
    ['spec.database.size', 'storage size is not in the Dockerfile (init keeps the 10Gi default)'],
    ['spec.components', WHY.components],
  ],
  'image-classifier': [
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.ports', 'EXPOSE 8500 8501: init lists both; the hand-written config serves only REST on 8501'],
    ['spec.resources.memory', WHY.sizing],
    ['spec.scaling', WHY.sizing],
  ],
  'kaptain-mcp-servers': [
    ['metadata.namespace', 'the namespace is a cluster decision'],
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.resources', WHY.sizing],
    ['spec.scaling', WHY.sizing],
    ['spec.secretsRequired', WHY.secrets],
    ['spec.components', WHY.components],
  ],
  'python-api': [
    ['metadata.name', WHY.name],
    ['metadata.namespace', 'the namespace is a cluster decision'],
    ['metadata.labels', 'team labels are organisational'],
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.ports.0.path', 'the route prefix is not in the Dockerfile'],
    ['spec.resources', WHY.sizing],
    ['spec.database.size', 'storage size is not in the Dockerfile'],
    ['spec.secretsRequired', WHY.secrets],
    ['spec.components', WHY.components],
  ],
  'queue-worker': [
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.resources', WHY.sizing],
    ['spec.scaling', WHY.sizing],
    ['spec.secretsRequired', WHY.secrets],
  ],
  'static-site': [
    ['metadata.name', WHY.name],
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    [
      'spec.ports',
      'init writes the EXPOSEd ports out; the hand-written config leaves them to deploy, which reads the same EXPOSE',
    ],
    ['spec.components', WHY.components],
  ],
  'user-service': [
    ['spec.image', WHY.image],
    ['spec.requirements', WHY.requirements],
    ['spec.securityProfile', 'PCI scope is a compliance decision'],
    ['spec.scaling', WHY.sizing],
    ['spec.secretsRequired', WHY.secrets],
    ['spec.components', WHY.components],
  ],
};

const get = (o: unknown, path: string) =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe.each(Object.keys(INTENDED))('init on fixtures/%s', (fixture) => {
  it('writes a commented config equal to the hand-written one but for the stated fields, and deploy renders the same tree', async () => {
    const dir = copyFixture(fixture);
    const handText = readFileSync(join(dir, 'app-config.yaml'), 'utf8');
    rmSync(join(dir, 'app-config.yaml'));
    const r = await runCli(['init', dir, '--yes', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { written: { file: string; service: string }[] };
    expect(out.written.map((w) => w.file)).toEqual([join(dir, 'app-config.yaml')]);
    const text = readFileSync(join(dir, 'app-config.yaml'), 'utf8');
    expect(text).toMatch(/dockerfile: \.\/Dockerfile # found Dockerfile/);
    if (/\nEXPOSE /.test(readFileSync(join(dir, 'Dockerfile'), 'utf8')))
      expect(text).toMatch(/- port: \d+ # EXPOSE \d+ \(Dockerfile:\d+\)/);

    const parsed = parseAppConfig(text, 'app-config.yaml');
    const hand = parseAppConfig(handText, 'hand.yaml');
    if ('issues' in parsed || 'issues' in hand) throw new Error('a config did not parse');
    const merged = structuredClone(parsed.raw) as Record<string, unknown>;
    for (const [path] of INTENDED[fixture]) setPath(merged, path, structuredClone(get(hand.raw, path)));
    expect(appDeploymentSchema.parse(merged)).toEqual(hand.config);

    // Same tree from the merged config as from the hand-written fixture.
    writeFileSync(join(dir, 'merged.app-config.yaml'), stringify(merged));
    // One at a time: each sets the process's project root.
    const fromMerged = await treeOf(join(dir, 'merged.app-config.yaml'));
    const fromHand = await treeOf(join(REPO, 'fixtures', fixture, 'app-config.yaml'));
    const fromInit = await treeOf(join(dir, 'app-config.yaml'));
    expect(fromMerged.failures).toEqual([]);
    expect(fromMerged.files).toEqual(fromHand.files);
    expect(fromInit.failures).toEqual([]);
    expect(fromInit.files.has('k8s-manifests/04-deployment.yaml')).toBe(true);
  }, 60_000);
});
