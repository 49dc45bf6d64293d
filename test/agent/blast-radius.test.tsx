// The blast radius on a card: with a cluster, the objects a call writes are dry-run against
// the live ones; the fields that change, the pods that restart and the monthly cost delta show.
import React from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesDeployPlanner } from '../../src/agent/planners/rules-deploy.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import type { EventOf } from '../../src/sessions/events.js';
import { CardReview } from '../../src/ui/components/CardReview.js';
import { resolveKey } from '../../src/ui/keys.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { generate } from '../helpers/generate.js';
import { REPO } from '../helpers/cli.js';

const LIVE_PATH = '/apis/apps/v1/namespaces/blog-api/deployments/blog-api';
let api: FakeApiServer;

beforeAll(async () => {
  api = new FakeApiServer({ namespaces: ['blog-api'] });
  await api.start();
  // An older blog-api is live: an earlier image, three replicas, a smaller CPU request.
  const { objects } = await generate('blog-api');
  const current = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'blog-api')!;
  const { file: _file, ...deployment } = structuredClone(current);
  const container = deployment.spec.template.spec.containers[0];
  container.image = 'ghcr.io/example/blog-api:1.3.0';
  container.resources = { ...container.resources, requests: { ...container.resources.requests, cpu: '100m' } };
  deployment.spec.replicas = 3;
  deployment.metadata.labels = { ...deployment.metadata.labels, 'kaptainkube.dev/applied-by': 'blog-api' };
  api.store.set(LIVE_PATH, deployment);
}, 60_000);
afterAll(async () => api.stop());

class Stop extends Error {}

/** The blog-api deploy, every card approved, until the Deployment's card; the cluster is the API test double. */
async function deploymentCard(): Promise<EventOf<'tool.proposed'>> {
  const loaded = await loadAppConfig(join(REPO, 'fixtures', 'blog-api', 'app-config.yaml'));
  const hub = new McpHub();
  let card: EventOf<'tool.proposed'> | undefined;
  const engine = new SessionEngine({
    hub,
    planner: new RulesDeployPlanner({
      target: {
        config: loaded.config,
        dockerfilePath: loaded.dockerfilePath,
        buildContextPath: loaded.buildContextPath,
      },
      disabled: [],
    }),
    sink: new MemorySink(() => 'T'),
    cluster: { kubeconfig: api.kubeconfig() },
    approver: async (p) => {
      if (p.tool !== 'generate_deployment') return { decision: 'approve' };
      card = p;
      throw new Stop();
    },
  });
  await engine.emit({
    type: 'session.started',
    sessionId: 's',
    command: 'deploy',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: process.version },
    planner: 'rules',
    policy: 'ask',
  });
  await engine.run().catch((err) => {
    if (!(err instanceof Stop)) throw err;
  });
  await hub.close();
  return card ?? expect.fail('the deploy proposed no Deployment');
}

describe('the blast radius on a card', () => {
  it('dry-runs the blog-api Deployment against an older live one: changed fields, restarting pods, cost delta', async () => {
    const card = await deploymentCard();
    const cluster = card.blast!.cluster!;
    expect(cluster.context).toBe('fake');
    const deployment = cluster.objects.find((o) => o.ref === 'Deployment/blog-api/blog-api')!;
    expect(deployment.action).toBe('update');
    expect(deployment.fields).toEqual(
      expect.arrayContaining([
        'spec.replicas',
        'spec.template.spec.containers[blog-api].image',
        'spec.template.spec.containers[blog-api].resources.requests.cpu',
      ]),
    );
    // The live Deployment runs three pods; a new pod template replaces them.
    expect(cluster.restarts).toEqual([{ ref: 'Deployment/blog-api/blog-api', pods: 3 }]);
    // Three live pods cost something; the new Deployment hands its pods to the Rollout (replicas 0).
    const cost = card.blast!.cost!;
    expect(cost.atReplicas.before).toBeGreaterThan(0);
    expect(cost.atReplicas.after).toBeLessThan(cost.atReplicas.before);

    // v expands the card's verdict and blast radius.
    expect(resolveKey('approval', { input: 'v' })).toEqual({ action: 'toggle-review' });
    const collapsed = render(<CardReview verdict={card.verdict} blast={card.blast} expanded={false} />).lastFrame()!;
    expect(collapsed).toMatch(
      /changes: restarts 3 pods · −\$\d+\.\d\d\/month · live: 1 new, 1 updated · Deployment \+1, Namespace \+1/,
    );
    const frame = render(<CardReview verdict={card.verdict} blast={card.blast} expanded />).lastFrame()!;
    const text = frame.replace(/\n/g, '');
    expect(text).toContain('against fake (server-side dry run):');
    expect(text).toContain('spec.template.spec.containers[blog-api].image');
    expect(text).toContain('restarts Deployment/blog-api/blog-api: 3 pods replaced');
    expect(text).toMatch(/cost −\$\d+\.\d\d\/month at its replicas/);
    // Nothing changed in the cluster: the live Deployment is still the old one.
    expect(api.applied).toEqual([]);
    expect(api.store.get(LIVE_PATH).spec.template.spec.containers[0].image).toBe('ghcr.io/example/blog-api:1.3.0');
  }, 60_000);
});
