// What autoscalers scale: the Argo Rollout when progressive delivery runs the pods,
// otherwise the Deployment.
import { has, type AppContext } from '../../src/plan/app-context.js';
import { names } from '../../src/plan/names.js';

export function scaleTarget(app: AppContext) {
  return has(app, 'rollout')
    ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: names.rollout(app) }
    : { apiVersion: 'apps/v1', kind: 'Deployment', name: names.workload(app) };
}
