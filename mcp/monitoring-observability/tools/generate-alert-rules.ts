import { z } from 'zod';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { appContextSchema, commonLabels, has, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { runbookLink } from '../../shared/runbooks.js';

interface Alert {
  alert: string;
  expr: string;
  for: string;
  severity: 'critical' | 'warning';
  summary: string;
}

function alertsFor(app: AppContext, latencyMs: number): Alert[] {
  const ns = app.namespace;
  const n = app.name;
  const served = `destination_workload_namespace="${ns}", destination_service_name="${n}"`;
  // The app's own container, by name: a pod-name regex would also match the database, collector and Jaeger pods.
  const own = `namespace="${ns}", container="${n}"`;
  // Request metrics come from the sidecars (Istio) or from the app's scraped endpoint; with neither, nothing records them.
  // A stateful image speaks its own TCP protocol: no HTTP request metrics.
  const meshed = has(app, 'service-mesh') && app.ports.length > 0 && !app.stateful;
  // Availability is watched on the object that runs the pods: a Rollout (its Deployment stays at 0) or the Deployment.
  const alerts: Alert[] = [
    {
      alert: 'PodRestarting',
      expr: `increase(kube_pod_container_status_restarts_total{${own}}[15m]) > 3`,
      for: '0m',
      severity: 'warning',
      summary: `${n} pods are restarting`,
    },
    {
      alert: 'AvailabilityBelowTarget',
      expr: has(app, 'rollout')
        ? `rollout_info_replicas_available{namespace="${ns}", name="${n}"} < ${app.scaling.minReplicas}`
        : app.stateful
          ? `kube_statefulset_status_replicas_ready{namespace="${ns}", statefulset="${n}"} < 1`
          : `kube_deployment_status_replicas_available{namespace="${ns}", deployment="${n}"} < ${app.scaling.minReplicas}`,
      for: '5m',
      severity: 'critical',
      summary: `${n} has fewer than ${app.scaling.minReplicas} available replicas`,
    },
  ];
  if (meshed && app.appType !== 'grpc') {
    alerts.push({
      alert: 'HighErrorRate',
      expr: `sum(rate(istio_requests_total{${served}, response_code=~"5.."}[5m])) / sum(rate(istio_requests_total{${served}}[5m])) > 0.05`,
      for: '5m',
      severity: 'critical',
      summary: `more than 5% of requests to ${n} fail`,
    });
    alerts.push({
      alert: 'HighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${served}}[5m]))) > ${latencyMs}`,
      for: '10m',
      severity: 'warning',
      summary: `p95 latency of ${n} is above ${latencyMs}ms`,
    });
  }
  if (app.appType === 'grpc' && has(app, 'monitoring')) {
    alerts.push({
      alert: 'HighErrorRate',
      expr: `sum(rate(grpc_server_handled_total{namespace="${ns}", job="${n}", grpc_code!~"OK|NotFound|InvalidArgument"}[5m])) / sum(rate(grpc_server_handled_total{namespace="${ns}", job="${n}"}[5m])) > 0.05`,
      for: '5m',
      severity: 'critical',
      summary: `more than 5% of RPCs to ${n} fail`,
    });
    alerts.push({
      alert: 'HighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(grpc_server_handling_seconds_bucket{namespace="${ns}", job="${n}"}[5m]))) > ${latencyMs / 1000}`,
      for: '10m',
      severity: 'warning',
      summary: `p95 RPC latency of ${n} is above ${latencyMs}ms`,
    });
  } else if (app.appType === 'grpc' && meshed) {
    // No scraped gRPC metrics: the sidecars record every RPC with its gRPC status.
    alerts.push({
      alert: 'HighErrorRate',
      expr: `sum(rate(istio_requests_total{${served}, grpc_response_status!~"0|3|5"}[5m])) / sum(rate(istio_requests_total{${served}}[5m])) > 0.05`,
      for: '5m',
      severity: 'critical',
      summary: `more than 5% of RPCs to ${n} fail`,
    });
    alerts.push({
      alert: 'HighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${served}}[5m]))) > ${latencyMs}`,
      for: '10m',
      severity: 'warning',
      summary: `p95 RPC latency of ${n} is above ${latencyMs}ms`,
    });
  }
  if (has(app, 'hpa'))
    alerts.push({
      alert: 'HPAAtMaximum',
      expr: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${ns}", horizontalpodautoscaler="${n}"} >= ${app.scaling.maxReplicas}`,
      for: '15m',
      severity: 'warning',
      summary: `${n} has been at its maximum of ${app.scaling.maxReplicas} replicas`,
    });
  if (app.resources.gpu > 0)
    alerts.push({
      alert: 'GPUMemoryHigh',
      expr: `max(DCGM_FI_DEV_FB_USED{${own}} / (DCGM_FI_DEV_FB_USED{${own}} + DCGM_FI_DEV_FB_FREE{${own}})) > 0.9`,
      for: '10m',
      severity: 'warning',
      summary: `GPU memory of ${n} is above 90%`,
    });
  if (app.appType === 'worker' || app.events)
    alerts.push({
      alert: 'QueueBacklog',
      expr: `deriv(sum(rabbitmq_queue_messages_ready{namespace="${ns}"})[15m:1m]) > 0 or deriv(sum(kafka_consumergroup_lag{consumergroup="${n}"})[15m:1m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: `the queue of ${n} keeps growing`,
    });
  return alerts;
}

export default defineTool({
  name: 'generate_alert_rules',
  title: 'Generate alert rules',
  description:
    'A PrometheusRule with the alerts that matter for the app type — errors, latency, restarts, availability, autoscaler at maximum, GPU memory, queue backlog — each with a severity and, when a runbook base URL is known, a runbook_url.',
  input: z.object({
    app: appContextSchema,
    latencyMs: z.number().int().min(1).default(500),
    runbookBaseUrl: z.string().optional(),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, latencyMs, runbookBaseUrl }) => {
    const alerts = alertsFor(app, latencyMs);
    const rule = new PrometheusRule({
      metadata: {
        name: `${app.name}-alerts`,
        namespace: app.namespace,
        labels: { ...commonLabels(app), release: 'kube-prometheus-stack' },
      },
      spec: {
        groups: [
          {
            name: `${app.name}.rules`,
            rules: alerts.map((a) => ({
              alert: a.alert,
              expr: a.expr,
              for: a.for,
              labels: { severity: a.severity, app: app.name },
              annotations: {
                summary: a.summary,
                ...runbookLink(a.alert, runbookBaseUrl ?? app.monitoring?.runbookBaseUrl),
              },
            })),
          },
        ],
      },
    });
    rule.validate();
    return output(
      [{ path: FILES.prometheusRules, objects: [rule.toJSON() as never] }],
      [`${alerts.length} alerts: ${alerts.map((a) => a.alert).join(', ')}`],
    );
  },
});
