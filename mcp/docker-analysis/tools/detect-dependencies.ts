import { z } from 'zod';
import { dockerfileFactsSchema } from '../../../src/dockerfile/facts.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { dockerfileSource, readSource } from '../dockerfile-source.js';

const facts = dockerfileFactsSchema.shape;

export default defineTool({
  name: 'detect_dependencies',
  title: 'Detect language and dependencies',
  description:
    'Identify the language, framework and backing services (databases, queues, caches) from the dependency manifests the Dockerfile copies and from its environment.',
  input: z.object(dockerfileSource),
  output: z.object({
    language: facts.language,
    languageVersion: facts.languageVersion,
    frameworks: facts.frameworks,
    dependencies: facts.dependencies,
    manifests: facts.manifests,
    reasons: z.array(z.string()),
  }),
  annotations: READ_ONLY,
  async run(args) {
    const { facts: f } = await readSource(args);
    const reasons = [
      ...f.manifests.map((m) => `${m.path} (${m.kind}) copied at line ${m.source.line}`),
      ...f.frameworks.map((x) => `${x.name} ← ${x.evidence}`),
      ...f.dependencies.map((d) => `${d.kind} ← ${d.evidence}`),
    ];
    return {
      language: f.language,
      languageVersion: f.languageVersion,
      frameworks: f.frameworks,
      dependencies: f.dependencies,
      manifests: f.manifests,
      reasons,
    };
  },
  summarize: (r) =>
    `language ${r.language}${r.frameworks.length ? ` (${r.frameworks.map((f) => f.name).join(', ')})` : ''}; dependencies: ${r.dependencies.map((d) => d.kind).join(', ') || 'none'}`,
});
