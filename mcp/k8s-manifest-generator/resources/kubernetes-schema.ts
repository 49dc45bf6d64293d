import { defineResource, resourceUri } from '../../shared/resource.js';
import { emittedKinds, KNOWN_UNMODELLED, modelledApiVersions, modelFor } from '../../../src/manifests/models.js';

export default defineResource({
  name: 'kubernetes_schema',
  uri: resourceUri('k8s-manifest-generator', 'kubernetes_schema'),
  title: 'Kubernetes schemas used for validation',
  description:
    'Which apiVersions and kinds validate_manifests checks against a schema (Kubernetes 1.29+ and CRD model packages), and which known CRD groups it accepts without one.',
  mimeType: 'application/json',
  async read() {
    const validated: Record<string, string[]> = {};
    for (const apiVersion of modelledApiVersions()) {
      const kinds: string[] = [];
      for (const kind of emittedKinds(apiVersion)) if (await modelFor(apiVersion, kind)) kinds.push(kind);
      validated[apiVersion] = kinds;
    }
    return JSON.stringify({ kubernetes: '1.29+', validated, knownWithoutModel: KNOWN_UNMODELLED }, null, 2);
  },
});
