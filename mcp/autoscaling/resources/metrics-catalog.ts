import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'metrics_catalog',
  uri: resourceUri('autoscaling', 'metrics_catalog'),
  title: 'Metrics for scaling decisions',
  description: 'Resource, pod, object and external metrics available to HPAs and KEDA, with example queries.',
  mimeType: 'application/json',
  read: () => readTemplate('metrics-catalog.json'),
});
