import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'istio_templates',
  uri: resourceUri('service-mesh', 'istio_templates'),
  title: 'Istio templates',
  description:
    'The Istio objects KaptainKube generates and the settings it chooses for each: VirtualService, DestinationRule, Gateway, PeerAuthentication.',
  mimeType: 'application/json',
  read: () => readTemplate('istio-templates.json'),
});
