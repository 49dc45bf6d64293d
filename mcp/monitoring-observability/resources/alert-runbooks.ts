import { defineResource } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';
import { RUNBOOK_RESOURCE } from '../../shared/runbooks.js';

export default defineResource({
  name: 'alert_runbooks',
  uri: RUNBOOK_RESOURCE,
  title: 'Alert runbooks',
  description: "What to do when each generated alert fires; every alert's runbook_url points at its section here.",
  mimeType: 'text/markdown',
  read: () => readTemplate('runbooks.md'),
});
