// What the image itself decides, over the selection matrix: an image run as given has nothing
// to build, and one that is a database, cache or broker runs as a single primary that keeps
// its data — no autoscaler, no Ingress, no operator for a second copy of itself.
import type { AppDeployment } from '../app-config/schema.js';
import type { ComponentId } from './app-context.js';
import type { Reason } from './types.js';

export interface StatefulSelection {
  /** "StatefulSet ← postgres:16 is a database image". */
  reason: Reason;
  ref: string;
  kind: string;
}

type Decision = { enabled: boolean; reasons: Reason[] };

const img = (text: string): Reason => ({ text, source: 'config', ref: 'spec.image' });

export function imageDecisions(
  config: AppDeployment,
  stateful: StatefulSelection | undefined,
): [ComponentId, Decision][] {
  const out: [ComponentId, Decision][] = [];
  const c = config.spec.components;
  if (config.spec.dockerfile === undefined && c.cicd.enabled)
    out.push([
      'cicd',
      {
        enabled: false,
        reasons: [img(`no Tekton pipeline: no Dockerfile, so ${config.spec.image} runs as given and nothing is built`)],
      },
    ]);
  if (!stateful) return out;
  const { ref, kind } = stateful;
  const one = `${ref} runs one primary that owns its volume`;
  out.push(
    [
      'deployment',
      {
        enabled: true,
        reasons: [stateful.reason, img(`a volume claim per pod, the image's own probes, ports and user`)],
      },
    ],
    ['hpa', { enabled: false, reasons: [img(`no HPA: ${one}; more pods would be separate ${kind}s, not replicas`)] }],
    ['keda', { enabled: false, reasons: [img(`no KEDA: ${one}`)] }],
    [
      'pdb',
      {
        enabled: true,
        // maxUnavailable 0 (or minAvailable 1 of 1) would make every `kubectl drain` of its node wait forever.
        reasons: [
          img(
            `PodDisruptionBudget maxUnavailable 1 for ${ref}: a node drain may move the single primary (a short outage while its volume reattaches) instead of hanging on a budget of 0`,
          ),
        ],
      },
    ],
    [
      'database',
      { enabled: false, reasons: [img(`${ref} is itself the ${kind}: no operator-managed copy next to it`)] },
    ],
    [
      'rollout',
      { enabled: false, reasons: [img('a StatefulSet updates its pod in place; Argo Rollouts runs Deployments only')] },
    ],
    [
      'monitoring',
      {
        enabled: false,
        reasons: [img(`no ServiceMonitor: ${ref} serves no Prometheus metrics itself (an exporter sidecar would)`)],
      },
    ],
  );
  // Settings are the variables on the StatefulSet; the engine emits no OpenTelemetry traces.
  out.push(
    ['configmap', { enabled: false, reasons: [img(`${ref} takes its settings from variables on the StatefulSet`)] }],
    ['tracing', { enabled: false, reasons: [img(`no tracing: ${ref} emits no OpenTelemetry traces`)] }],
  );
  if (c.ingress.enabled !== true) {
    const why = img(`no Ingress: a ${kind} is reached inside the cluster through its Service, never from the internet`);
    out.push(['ingress', { enabled: false, reasons: [why] }], ['certificates', { enabled: false, reasons: [why] }]);
  }
  return out;
}
