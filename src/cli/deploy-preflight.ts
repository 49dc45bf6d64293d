// What a deploy run needs from the world, checked before the first call is proposed: a
// run that will apply or diff needs a kubeconfig, its context and a cluster that answers.
// Asking for approvals first and failing at the end wastes every decision made on the way.
// Which kinds the cluster serves is checked at apply, against the objects actually
// generated: a component's kinds are the ones it may use, not ones every app gets.
import { CommandError } from '../errors.js';
import type { SessionGoal } from '../sessions/events.js';

export async function checkPreconditions(goal: SessionGoal): Promise<void> {
  if (goal.output.mode !== 'apply') return;
  const { loadKube } = await import('../kube/index.js');
  // The same words the apply step would say at the end (no kubeconfig, unknown context).
  const loaded = loadKube(goal.kube);
  if ('missing' in loaded) throw new CommandError(loaded.reason);
  const { target } = loaded;
  let status: number;
  try {
    ({ status } = await target.request('GET', '/version'));
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
  if (status === 401 || status === 403)
    throw new CommandError(
      `the cluster at ${target.server} refused the credentials of context "${target.context}" (HTTP ${status})`,
    );
}
