// What autoscalers scale: the Argo Rollout when progressive delivery runs the pods,
// otherwise the Deployment (a StatefulSet for a database, cache or broker image).
import { has, type AppContext } from '../../src/plan/app-context.js';
import { names } from '../../src/plan/names.js';

export function scaleTarget(app: AppContext) {
  if (has(app, 'rollout')) return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: names.rollout(app) };
  return { apiVersion: 'apps/v1', kind: app.stateful ? 'StatefulSet' : 'Deployment', name: names.workload(app) };
}
