import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'certificate_authorities',
  uri: resourceUri('ingress-networking', 'certificate_authorities'),
  title: 'Certificate authorities',
  description:
    "Certificate authorities for each environment: Let's Encrypt production and staging over ACME, self-signed for development.",
  mimeType: 'application/json',
  read: () => readTemplate('certificate-authorities.json'),
});
