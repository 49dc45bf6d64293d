// Dockerfile analysis and lint.
export { analyzeDockerfile } from './analyze.js';
export * from './facts.js';
