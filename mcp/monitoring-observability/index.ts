// monitoring-observability: metrics, dashboards, alerts, tracing and logs.
import type { ServerDefinition } from '../shared/definition.js';
import generateServiceMonitor from './tools/generate-service-monitor.js';
import generateGrafanaDashboard from './tools/generate-grafana-dashboard.js';
import generateAlertRules from './tools/generate-alert-rules.js';
import configureJaegerTracing from './tools/configure-jaeger-tracing.js';
import configureLogAggregation from './tools/configure-log-aggregation.js';
import dashboardTemplates from './resources/dashboard-templates.js';
import alertRunbooks from './resources/alert-runbooks.js';

export const definition: ServerDefinition = {
  name: 'monitoring-observability',
  title: 'Monitoring and observability',
  instructions:
    'Prometheus scraping, a Grafana dashboard by app type, alerts with runbooks, OpenTelemetry tracing to Jaeger and log aggregation for the resolved app.',
  tools: [
    generateServiceMonitor,
    generateGrafanaDashboard,
    generateAlertRules,
    configureJaegerTracing,
    configureLogAggregation,
  ],
  resources: [dashboardTemplates, alertRunbooks],
};
