import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'scaling_patterns',
  uri: resourceUri('autoscaling', 'scaling_patterns'),
  title: 'Scaling patterns',
  description: 'How each workload type is best scaled: HTTP and gRPC services, queue workers, batch, GPU inference.',
  mimeType: 'application/json',
  read: () => readTemplate('scaling-patterns.json'),
});
