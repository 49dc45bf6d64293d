// Rejecting a call others depend on is explained the way --disable-component explains a
// disabled prerequisite: what goes with it (the Deployment card writes the Namespace too),
// and which components need it — their calls are then skipped, not proposed in vain.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/app-config/index.js';
import { RulesDeployPlanner } from '../../src/agent/planners/rules-deploy.js';
import { REPO } from '../helpers/cli.js';
import { runInProcess } from '../helpers/generate.js';

/** A deploy of blog-api under the "ask" policy where the person rejects one tool and approves the rest. */
async function deployRejecting(tool: string) {
  const loaded = await loadAppConfig(join(REPO, 'fixtures', 'blog-api', 'app-config.yaml'));
  const planner = new RulesDeployPlanner({
    target: { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath },
  });
  const asked: string[] = [];
  const { state } = await runInProcess({
    planner,
    policy: 'ask',
    approver: async (p) => {
      asked.push(p.tool);
      return p.tool === tool ? { decision: 'reject', reason: 'not now' } : { decision: 'approve' };
    },
  });
  const said = state.messages.filter((m) => m.role === 'assistant').map((m) => m.text);
  return { said, asked, state };
}

describe('rejecting a call others depend on', () => {
  it('the Deployment card: the Namespace it writes is named, and so is the consequence', async () => {
    const { said } = await deployRejecting('generate_deployment');
    const notice = said.filter((t) => t.startsWith('Rejected k8s-manifest-generator/generate_deployment'));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain('Namespace/blog-api, Deployment/blog-api stay out of the tree');
    expect(notice[0]).toContain('every other object lives in namespace blog-api, which nothing now creates');
    expect(notice[0]).toContain('deployment is a core component');
  }, 60_000);

  it('the Service card: the components that need it are named and their calls skipped', async () => {
    const { said, asked, state } = await deployRejecting('generate_service');
    const notice = said.find((t) => t.startsWith('Rejected k8s-manifest-generator/generate_service'))!;
    expect(notice).toContain('Service/blog-api stays out of the tree.');
    expect(notice).toMatch(
      /ingress, certificates\b.* need service, which is now off: their calls are skipped, as --disable-component service would do/,
    );
    // Nothing is proposed for them after the rejection.
    const after = asked.slice(asked.indexOf('generate_service') + 1);
    expect(after).not.toContain('generate_kong_ingress');
    expect(after).not.toContain('generate_certificates');
    expect(Object.keys(state.workspace).some((k) => k.endsWith('/generate_kong_ingress'))).toBe(false);
  }, 60_000);
});
