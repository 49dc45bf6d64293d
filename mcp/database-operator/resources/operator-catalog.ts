import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'operator_catalog',
  uri: resourceUri('database-operator', 'operator_catalog'),
  title: 'Database operator catalog',
  description: 'Which operator KaptainKube uses for each database engine and why, with the CRDs it needs.',
  mimeType: 'application/json',
  read: () => readTemplate('operator-catalog.json'),
});
