// Builds DockerfileFacts by hand for planner tests, so they do not depend on parsing.
import type { DockerfileFacts } from '../../src/dockerfile/facts.js';

const ref = (line: number, instruction: string) => ({ file: '/app/Dockerfile', line, instruction });

export function facts(overrides: Partial<DockerfileFacts> = {}): DockerfileFacts {
  const base = { raw: 'node:22-alpine', name: 'node', tag: '22-alpine', isStage: false, source: ref(1, 'FROM') };
  return {
    file: '/app/Dockerfile',
    stages: [{ index: 0, base }],
    finalStage: { index: 0 },
    multiStage: false,
    baseImages: [base],
    finalBase: base,
    exposed: [],
    env: [],
    args: [],
    dependencies: [],
    language: 'node',
    frameworks: [],
    manifests: [],
    volumes: [],
    gpu: false,
    ...overrides,
  };
}

export { ref };
