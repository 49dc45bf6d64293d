import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'dockerfile_best_practices',
  uri: resourceUri('docker-analysis', 'dockerfile_best_practices'),
  title: 'Dockerfile best practices',
  description:
    'How to write Dockerfiles that deploy well on Kubernetes, keyed to the lint rule ids of validate-dockerfile.',
  mimeType: 'text/markdown',
  read: () => readTemplate('dockerfile-best-practices.md'),
});
