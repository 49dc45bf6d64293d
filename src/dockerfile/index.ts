// Dockerfile analysis and lint.
export { analyzeDockerfile, analyzeText, fsContext, type ContextReader } from './analyze.js';
export { lintDockerfile, RULES, type LintFinding } from './lint.js';
export * from './facts.js';
