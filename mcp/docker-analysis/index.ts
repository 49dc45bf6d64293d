// docker-analysis: analyse Dockerfiles and images for deployment planning.
import type { ServerDefinition } from '../shared/definition.js';
import analyzeDockerfile from './tools/analyze-dockerfile.js';
import inspectImage from './tools/inspect-image.js';
import estimateResources from './tools/estimate-resources.js';
import detectDependencies from './tools/detect-dependencies.js';
import securityScan from './tools/security-scan.js';
import bestPractices from './resources/dockerfile-best-practices.js';
import baseImageCatalog from './resources/base-image-catalog.js';
import reviewDockerfile from './prompts/review-dockerfile.js';

export const definition: ServerDefinition = {
  name: 'docker-analysis',
  title: 'Docker analysis',
  instructions:
    'Analyse a Dockerfile (analyze_dockerfile) before planning; estimate_resources when the app gives no requests; security_scan before building.',
  tools: [analyzeDockerfile, inspectImage, estimateResources, detectDependencies, securityScan],
  resources: [bestPractices, baseImageCatalog],
  prompts: [reviewDockerfile],
};
