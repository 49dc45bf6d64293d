import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'alert_runbooks',
  uri: resourceUri('monitoring-observability', 'alert_runbooks'),
  title: 'Alert runbooks',
  description:
    "What to do when each generated alert fires, one section per alert; publish it at spec.components.monitoring.runbookBaseUrl and each alert's runbook_url points at its section.",
  mimeType: 'text/markdown',
  read: () => readTemplate('runbooks.md'),
});
