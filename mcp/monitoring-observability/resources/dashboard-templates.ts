import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

const KINDS = ['http', 'grpc', 'worker', 'gpu-inference'] as const;

export default defineResource({
  name: 'dashboard_templates',
  uri: resourceUri('monitoring-observability', 'dashboard_templates'),
  title: 'Dashboard templates',
  description:
    'Grafana dashboards by application type (HTTP, gRPC, worker, GPU inference) with their panels and queries; __APP__ and __NAMESPACE__ are replaced per app.',
  mimeType: 'application/json',
  read: () =>
    JSON.stringify(
      Object.fromEntries(KINDS.map((k) => [k, JSON.parse(readTemplate(`dashboards/${k}.json`))])),
      null,
      2,
    ),
});
