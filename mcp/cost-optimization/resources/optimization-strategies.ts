import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'optimization_strategies',
  uri: resourceUri('cost-optimization', 'optimization_strategies'),
  title: 'Cost optimization strategies',
  description: 'Where the money goes for each workload type and the changes that cut it.',
  mimeType: 'application/json',
  read: () => readTemplate('optimization-strategies.json'),
});
