import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'security_baselines',
  uri: resourceUri('security-policy', 'security_baselines'),
  title: 'Security baselines',
  description:
    'What each security profile (standard, pci, hipaa, fips) enforces and the controls it is checked against.',
  mimeType: 'application/json',
  read: () => readTemplate('security-baselines.json'),
});
