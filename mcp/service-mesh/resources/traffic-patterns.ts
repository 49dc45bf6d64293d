import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export default defineResource({
  name: 'traffic_patterns',
  uri: resourceUri('service-mesh', 'traffic_patterns'),
  title: 'Traffic patterns',
  description:
    'Common traffic management patterns — canary, blue-green, retries, timeouts, circuit breaking — and when to use each.',
  mimeType: 'application/json',
  read: () => readTemplate('traffic-patterns.json'),
});
