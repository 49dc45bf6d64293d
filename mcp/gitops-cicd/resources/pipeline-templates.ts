import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'pipeline_templates',
  uri: resourceUri('gitops-cicd', 'pipeline_templates'),
  title: 'Pipeline templates',
  description: 'Build and test steps per language (node, python, go, java, generic) used by the Tekton pipeline.',
  mimeType: 'application/json',
  read: () =>
    JSON.stringify(
      Object.fromEntries(
        ['node', 'python', 'go', 'java', 'generic'].map((l) => [l, JSON.parse(readTemplate(`pipelines/${l}.json`))]),
      ),
      null,
      2,
    ),
});
