import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'ingress_templates',
  uri: resourceUri('ingress-networking', 'ingress_templates'),
  title: 'Ingress templates',
  description:
    'How each supported ingress controller is configured: class names, annotations for TLS, gRPC and rate limiting.',
  mimeType: 'application/json',
  read: () => readTemplate('ingress-templates.json'),
});
