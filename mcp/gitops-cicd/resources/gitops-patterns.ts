import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'gitops_patterns',
  uri: resourceUri('gitops-cicd', 'gitops_patterns'),
  title: 'GitOps patterns',
  description: 'Repository layouts and promotion patterns: base plus overlays, app of apps, environment promotion.',
  mimeType: 'application/json',
  read: () => readTemplate('gitops-patterns.json'),
});
