import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'backup_policies',
  uri: resourceUri('database-operator', 'backup_policies'),
  title: 'Backup policies',
  description: 'Backup schedules and retention per security profile.',
  mimeType: 'application/json',
  read: () => readTemplate('backup-policies.json'),
});
