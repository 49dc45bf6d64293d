// Sample resolved app contexts, shaped like the planner's output for the spec's
// three examples, for server tests that must not depend on the planner.
import { COMPONENT_IDS, appContextSchema, type AppContext, type AppContextInput } from '../../src/plan/app-context.js';

const all = [...COMPONENT_IDS];

export function blogApi(overrides: Partial<AppContextInput> = {}): AppContext {
  return appContextSchema.parse({
    name: 'blog-api',
    namespace: 'blog-api',
    image: 'registry.example.com/blog-api:1.0.0',
    appType: 'http',
    language: 'node',
    framework: 'express',
    ports: [{ name: 'http', port: 3000, protocol: 'HTTP', path: '/api', healthCheck: '/health' }],
    health: { path: '/health', port: 3000, grpc: false },
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: '1' },
    scaling: { minReplicas: 2, maxReplicas: 10, targetCPU: 80 },
    securityProfile: 'standard',
    database: { type: 'postgresql', size: '20Gi', backup: true, instances: 2 },
    ingress: { className: 'kong', tls: true, host: 'blog-api.example.com', rateLimitPerMinute: 600 },
    mesh: { mTLS: 'strict' },
    monitoring: { metrics: true, traces: true, logs: true, metricsPort: 3000 },
    cicd: { gitRepo: 'https://github.com/example/blog-api.git', branch: 'main', webhook: true },
    requirements: ['REST API for blog platform', 'Serves 10,000 daily users', 'PostgreSQL database required'],
    components: all.filter((c) => c !== 'keda'),
    ...overrides,
  });
}

export function userService(overrides: Partial<AppContextInput> = {}): AppContext {
  return appContextSchema.parse({
    name: 'user-service',
    namespace: 'user-service',
    image: 'registry.example.com/user-service:2.3.1',
    appType: 'grpc',
    language: 'go',
    framework: 'grpc-go',
    ports: [{ name: 'grpc', port: 9090, protocol: 'gRPC' }],
    health: { port: 9090, grpc: true },
    resources: { cpu: '200m', memory: '128Mi', memoryLimit: '256Mi' },
    scaling: { minReplicas: 3, maxReplicas: 50, targetCPU: 70 },
    securityProfile: 'pci',
    mesh: { mTLS: 'strict' },
    monitoring: { metrics: true, traces: true, logs: true, metricsPort: 9090 },
    cicd: { branch: 'main', webhook: true },
    requirements: ['gRPC user management service', 'PCI compliance required', 'High availability with 99.9% uptime'],
    components: all.filter((c) => !['keda', 'database', 'ingress', 'certificates'].includes(c)),
    ...overrides,
  });
}

export function imageClassifier(overrides: Partial<AppContextInput> = {}): AppContext {
  return appContextSchema.parse({
    name: 'image-classifier',
    namespace: 'image-classifier',
    image: 'registry.example.com/image-classifier:0.4.0',
    appType: 'gpu-inference',
    language: 'python',
    framework: 'tensorflow-serving',
    ports: [{ name: 'http', port: 8501, protocol: 'HTTP', healthCheck: '/v1/models/classifier' }],
    health: { path: '/v1/models/classifier', port: 8501, grpc: false },
    resources: { cpu: '2', memory: '8Gi', memoryLimit: '8Gi', gpu: 1 },
    scaling: { minReplicas: 1, maxReplicas: 5, targetCPU: 80, predictive: true },
    securityProfile: 'standard',
    ingress: { className: 'kong', tls: true, host: 'image-classifier.example.com' },
    mesh: { mTLS: 'strict' },
    monitoring: { metrics: true, traces: true, logs: true, metricsPort: 8501 },
    cicd: { branch: 'main', webhook: true },
    events: { kind: 'batch', evidence: 'requirements[2]: "Model serving with batch processing"' },
    requirements: [
      'TensorFlow image classification',
      'GPU acceleration required',
      'Model serving with batch processing',
    ],
    components: all.filter((c) => !['database', 'pdb'].includes(c)),
    ...overrides,
  });
}
