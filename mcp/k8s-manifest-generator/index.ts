// k8s-manifest-generator: the workload itself — Deployment (or StatefulSet), Service, ConfigMap, Secrets —
// plus validation of any manifest set and applying it to a cluster.
import type { ServerDefinition } from '../shared/definition.js';
import generateDeployment from './tools/generate-deployment.js';
import generateStatefulset from './tools/generate-statefulset.js';
import generateService from './tools/generate-service.js';
import generateConfigmap from './tools/generate-configmap.js';
import generateSecrets from './tools/generate-secrets.js';
import validateManifests from './tools/validate-manifests.js';
import applyManifests from './tools/apply-manifests.js';
import manifestTemplates from './resources/manifest-templates.js';
import kubernetesSchema from './resources/kubernetes-schema.js';
import deployApp from './prompts/deploy-app.js';

export const definition: ServerDefinition = {
  name: 'k8s-manifest-generator',
  title: 'Kubernetes manifest generator',
  instructions:
    'Generate the workload with generate_deployment (generate_statefulset for a database, cache or broker image run as given), generate_service, generate_configmap and generate_secrets, each given the same resolved app; validate_manifests before anything is applied.',
  tools: [
    generateDeployment,
    generateStatefulset,
    generateService,
    generateConfigmap,
    generateSecrets,
    validateManifests,
    applyManifests,
  ],
  resources: [manifestTemplates, kubernetesSchema],
  prompts: [deployApp],
};
