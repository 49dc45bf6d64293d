// The kustomize export builds with `kubectl kustomize` and leaves every object where the
// tree put it: the Argo CD Application stays in argocd, even when the app's Namespace is
// the only one in the export (kustomization.yaml's `namespace:` would move it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportSession } from '../../src/sessions/export.js';
import { generate } from '../helpers/generate.js';

const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** blog-api without its Tekton pipeline: one Namespace (no CI one) and an Argo CD Application in argocd. */
async function exported() {
  const { events } = await generate('blog-api', ['cicd']);
  return exportSession(events, 'kustomize');
}

describe('kustomize export', () => {
  it('sets no namespace: that would move objects of other namespaces', async () => {
    const files = await exported();
    const app = [...files.values()].join('\n---\n');
    expect(app).toMatch(/kind: Application\n(.*\n)*?\s+namespace: argocd/);
    expect(files.get('kustomization.yaml')).not.toMatch(/^namespace:/m);
  }, 60_000);

  it.skipIf(!hasKubectl)(
    `kubectl kustomize keeps the Argo CD Application in argocd (skipped when ${KUBECTL} is absent)`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kk-kustomize-'));
      for (const [path, text] of await exported()) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const built = spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8' });
      expect(built.stderr).toBe('');
      expect(built.status).toBe(0);
      const objects = parseAllDocuments(built.stdout).map(
        (d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } },
      );
      const argo = objects.filter((o) => o.kind === 'Application');
      expect(argo.map((o) => o.metadata.namespace)).toEqual(['argocd']);
      // Everything else stays where the tree put it.
      expect(objects.find((o) => o.kind === 'Deployment')!.metadata.namespace).toBe('blog-api');
    },
    60_000,
  );
});
