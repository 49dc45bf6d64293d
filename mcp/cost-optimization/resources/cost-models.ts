import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'cost_models',
  uri: resourceUri('cost-optimization', 'cost_models'),
  title: 'Cloud cost models',
  description:
    'Dated on-demand list prices per vCPU-hour, GiB-hour, GPU-hour, storage GiB-month and load balancer hour for AWS, GCP and Azure.',
  mimeType: 'application/json',
  read: () => readTemplate('cost-models.json'),
});
