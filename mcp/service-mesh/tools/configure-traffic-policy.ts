import { z } from 'zod';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { appContextSchema, autoscaled, commonLabels, has, profileLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'configure_traffic_policy',
  title: 'Configure progressive delivery',
  description:
    "Progressive delivery for the app: an Argo Rollout that runs the Deployment's pods through workloadRef (the Deployment stays at zero replicas, so two controllers never own the same pods), canary steps with Istio traffic weights when the mesh is on, and a Prometheus success-rate analysis when monitoring is on.",
  input: z.object({
    app: appContextSchema,
    steps: z.array(z.number().int().min(1).max(99)).default([10, 25, 50]),
    pause: z.string().default('2m'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, steps, pause }) => {
    const meta = { namespace: app.namespace, labels: { ...commonLabels(app), ...profileLabels(app) } };
    const mesh = has(app, 'service-mesh') && app.ports.length > 0;
    // The analysis reads the sidecars' request metrics, not the app's own ServiceMonitor.
    const analysis = mesh && app.monitoring?.metrics === true;
    const objects: { validate(): void; toJSON(): unknown }[] = [];
    const canarySteps = steps.flatMap((w) => [{ setWeight: w }, { pause: { duration: pause } }]);
    // An HPA or KEDA scales the Rollout (mcp/autoscaling/target.ts); a replicas field
    // here would reset its scale on every apply.
    const scaled = autoscaled(app);
    const rollout = new Rollout({
      metadata: { name: names.rollout(app), ...meta },
      spec: {
        ...(scaled ? {} : { replicas: app.scaling.minReplicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/instance': app.name } },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.workload(app), scaleDown: 'never' },
        strategy: {
          canary: {
            ...(mesh
              ? {
                  trafficRouting: {
                    istio: {
                      virtualService: { name: app.name, routes: ['primary'] },
                      destinationRule: { name: app.name, canarySubsetName: 'canary', stableSubsetName: 'stable' },
                    },
                  },
                }
              : {}),
            ...(analysis
              ? {
                  analysis: {
                    templates: [{ templateName: `${app.name}-success-rate` }],
                    startingStep: 2,
                    args: [
                      { name: 'service', value: app.name },
                      { name: 'namespace', value: app.namespace },
                    ],
                  },
                }
              : {}),
            steps: canarySteps,
          },
        },
      },
    });
    objects.push(rollout);
    if (analysis) {
      objects.push(
        new AnalysisTemplate({
          metadata: { name: `${app.name}-success-rate`, ...meta },
          spec: {
            args: [{ name: 'service' }, { name: 'namespace' }],
            metrics: [
              {
                name: 'success-rate',
                interval: '1m',
                count: 5,
                failureLimit: 1,
                successCondition: 'result[0] >= 0.99',
                provider: {
                  prometheus: {
                    address: 'http://prometheus-operated.monitoring.svc:9090',
                    query:
                      'sum(rate(istio_requests_total{destination_service_name="{{args.service}}",destination_service_namespace="{{args.namespace}}",response_code!~"5.."}[2m])) / sum(rate(istio_requests_total{destination_service_name="{{args.service}}",destination_service_namespace="{{args.namespace}}"}[2m]))',
                  },
                },
              },
            ],
          },
        }),
      );
    }
    for (const o of objects) o.validate();
    return output(
      [{ path: FILES.rollout, objects: objects.map((o) => o.toJSON() as never) }],
      [
        `canary ${steps.join('% → ')}% with ${pause} pauses${mesh ? ', traffic weighted by Istio' : ', by replica count'}`,
        'workloadRef to the Deployment, which is kept at zero replicas: two controllers never own the same pods',
        scaled
          ? 'no replicas field: the autoscaler owns the scale of the Rollout'
          : `${app.scaling.minReplicas} replica(s), no autoscaler`,
        ...(analysis ? ['promotion gated on ≥ 99% success rate from Prometheus'] : []),
      ],
    );
  },
});
