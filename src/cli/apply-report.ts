// What `deploy` does after the apply step: report the server-side result (or the
// dry-run diff), then watch the rollout until the app is Available.
import { CommandError } from '../errors.js';
import type { DeployFlags } from './deploy-flags.js';
import { printDeployReport, type DeployReport } from './deploy-report.js';
import { paint } from './output.js';
import { APPLY_STEP } from '../agent/planners/rules-deploy.js';
import type { SessionState } from '../sessions/state.js';
import { safeDeep } from '../terminal/safe-text.js';

export async function finishApply(state: SessionState, report: DeployReport, flags: DeployFlags): Promise<number> {
  const call = state.calls.find((c) => c.proposed.step === APPLY_STEP);
  if (!call) throw new CommandError('the manifests failed validation, so nothing was sent to the cluster');
  if (call.decision?.decision === 'reject')
    throw new CommandError(
      `the apply was rejected${call.decision.reason ? `: ${call.decision.reason}` : ''}; nothing changed`,
    );
  if (!call.result) throw new CommandError('the apply was not run');
  if (call.result.isError)
    throw new CommandError(call.result.text.split('\n')[0], call.result.text.split('\n').slice(1));
  // Refs, diffs and the context name come from the cluster and the kubeconfig.
  const r = safeDeep(call.result.structured) as {
    context: string;
    dryRun: boolean;
    results: { ref: string; action: string; diff: string }[];
    applied: string[];
    pruned: string[];
  };
  printDeployReport(report, flags);
  for (const o of r.results) {
    process.stdout.write(
      `  ${o.action === 'create' ? paint('green', 'create   ') : o.action === 'update' ? paint('yellow', 'update   ') : paint('gray', 'unchanged')} ${o.ref}\n`,
    );
    if (flags.diff && o.diff) process.stdout.write(`${o.diff}\n`);
  }
  for (const p of r.pruned ?? [])
    process.stdout.write(`  ${paint('red', r.dryRun ? 'would prune' : 'pruned   ')} ${p}\n`);
  if (r.dryRun) {
    process.stdout.write(
      `Server-side dry run on ${r.context}: nothing changed. Apply with: kaptain-kube deploy ${report.configFile} --yes\n`,
    );
    return 0;
  }
  process.stdout.write(`${paint('green', '✓')} applied ${r.applied.length} objects on ${r.context}\n`);
  const dep = report.plan.app;
  if (report.plan.components.find((c) => c.id === 'rollout')?.enabled) {
    process.stdout.write(
      `The Argo Rollout runs the pods; follow it with: kubectl argo rollouts get rollout ${dep.name} -n ${dep.namespace} --watch\n`,
    );
    return 0;
  }
  const { loadKube, watchRollout, RolloutTimeout } = await import('../kube/index.js');
  const loaded = loadKube({ kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace });
  if ('missing' in loaded) return 0;
  try {
    await watchRollout(loaded.target, {
      namespace: dep.namespace,
      name: dep.name,
      timeoutSeconds: flags.timeout ?? 300,
      onProgress: (p) =>
        process.stdout.write(`  rollout: ${p.available}/${p.replicas} available, ${p.updated} updated\n`),
    });
    process.stdout.write(`${paint('green', '✓')} ${dep.name} is Available\n`);
    return 0;
  } catch (err) {
    if (err instanceof RolloutTimeout) throw new CommandError(err.message, err.reasons);
    throw err;
  }
}
