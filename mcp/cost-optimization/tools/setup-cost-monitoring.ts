import { z } from 'zod';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { runbookLink } from '../../shared/runbooks.js';
import { models, monthly } from '../pricing.js';

export default defineTool({
  name: 'setup_cost_monitoring',
  title: 'Set up cost monitoring',
  description:
    "Cost alerts for the app's namespace: CPU efficiency (used versus requested) and a projected monthly cost above budget, from OpenCost and kube-state-metrics series, each with a runbook.",
  input: z.object({
    app: appContextSchema,
    monthlyBudget: z.number().positive().optional(),
    cloud: z.enum(['aws', 'gcp', 'azure']).default('aws'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, monthlyBudget, cloud }) => {
    const m = models();
    const budget =
      monthlyBudget ?? Math.ceil(monthly(app, m.clouds[cloud], m.hoursPerMonth, app.scaling.maxReplicas).total * 1.2);
    const ns = app.namespace;
    const rule = new PrometheusRule({
      metadata: {
        name: `${app.name}-cost`,
        namespace: ns,
        labels: { ...commonLabels(app), release: 'kube-prometheus-stack' },
      },
      spec: {
        groups: [
          {
            name: `${app.name}.cost`,
            rules: [
              {
                alert: 'CostOverBudget',
                expr: `(sum(container_cpu_allocation{namespace="${ns}"} * on(node) group_left() node_cpu_hourly_cost) + sum(container_memory_allocation_bytes{namespace="${ns}"} / 1073741824 * on(node) group_left() node_ram_hourly_cost)) * 730 > ${budget}`,
                for: '1h',
                labels: { severity: 'warning', app: app.name },
                annotations: {
                  summary: `${ns} is projected above its $${budget}/month budget`,
                  ...runbookLink('CostOverBudget', app.monitoring?.runbookBaseUrl),
                },
              },
              {
                alert: 'LowResourceEfficiency',
                expr: `sum(rate(container_cpu_usage_seconds_total{namespace="${ns}", container!=""}[1h])) / sum(kube_pod_container_resource_requests{namespace="${ns}", resource="cpu"}) < 0.33`,
                for: '24h',
                labels: { severity: 'info', app: app.name },
                annotations: {
                  summary: `${ns} uses less than a third of the CPU it requests`,
                  ...runbookLink('LowResourceEfficiency', app.monitoring?.runbookBaseUrl),
                },
              },
            ],
          },
        ],
      },
    });
    rule.validate();
    return output(
      [{ path: FILES.prometheusRules, objects: [rule.toJSON() as never] }],
      [
        `budget $${budget}/month${monthlyBudget ? '' : ' (maximum-scale estimate + 20%)'}, alerts from OpenCost allocation metrics`,
      ],
    );
  },
});
