import { appContextSchema } from '../../../src/plan/app-context.js';
import { defineResource, resourceUri } from '../../shared/resource.js';
import { SILENT_CONTEXT } from '../../shared/tool-context.js';
import { buildDeployment } from '../tools/generate-deployment.js';
import generateService from '../tools/generate-service.js';
import generateConfigmap from '../tools/generate-configmap.js';

/** The skeletons are what the generators themselves produce for a minimal app, not a second copy. */
const SAMPLE = appContextSchema.parse({
  name: 'example',
  namespace: 'example',
  image: 'registry.example.com/example:1.0.0',
  appType: 'http',
  ports: [{ name: 'http', port: 8080, protocol: 'HTTP', healthCheck: '/healthz' }],
  health: { path: '/healthz', port: 8080, grpc: false },
  resources: { cpu: '100m', memory: '128Mi', memoryLimit: '192Mi' },
  scaling: { minReplicas: 2, maxReplicas: 4, targetCPU: 80 },
  securityProfile: 'standard',
  components: ['deployment', 'service', 'configmap', 'rbac', 'pod-security', 'pdb'],
});

export default defineResource({
  name: 'manifest_templates',
  uri: resourceUri('k8s-manifest-generator', 'manifest_templates'),
  title: 'Manifest templates',
  description: 'The shape of each generated kind for a minimal HTTP app: Namespace, Deployment, Service, ConfigMap.',
  mimeType: 'application/json',
  async read() {
    const dep = buildDeployment(SAMPLE);
    const svc = await generateService.run({ app: SAMPLE }, SILENT_CONTEXT);
    const cm = await generateConfigmap.run({ app: SAMPLE }, SILENT_CONTEXT);
    const objects = [...dep.files, ...svc.files, ...cm.files].flatMap((f) => f.objects);
    return JSON.stringify(
      {
        note: 'Generated for a sample app; real output depends on the AppDeployment and Dockerfile.',
        templates: Object.fromEntries(objects.map((o) => [o.kind, o])),
      },
      null,
      2,
    );
  },
});
