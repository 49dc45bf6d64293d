import { basename } from 'node:path';
import { z } from 'zod';
import { dockerfileFactsSchema, type DockerfileFacts } from '../../../src/dockerfile/facts.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { Redactor } from '../../../src/sessions/redact.js';
import { dockerfileSource, readSource } from '../dockerfile-source.js';

/** Human-readable provenance lines for the facts. */
function factReasons(f: DockerfileFacts): string[] {
  const at = (line: number) => `${basename(f.file)}:${line}`;
  const out: string[] = [];
  out.push(
    `${f.multiStage ? `multi-stage build (${f.stages.length} stages)` : 'single-stage build'}; final base ${f.finalBase.raw} ← ${at(f.finalBase.source.line)}`,
  );
  for (const p of f.exposed) out.push(`EXPOSE ${p.port}/${p.protocol} ← ${at(p.source.line)}`);
  if (f.user)
    out.push(
      `USER ${f.user.raw}${f.user.root ? ' (root)' : f.user.resolvedBy ? ` (${f.user.resolvedBy})` : f.user.uid === undefined ? ' (no numeric id known)' : ''} ← ${at(f.user.source.line)}`,
    );
  else if (f.imageUser) out.push(`no USER: ${f.imageUser.evidence}`);
  else out.push('no USER: the image runs as root unless its base says otherwise');
  if (f.healthcheck)
    out.push(
      f.healthcheck.none
        ? `HEALTHCHECK NONE ← ${at(f.healthcheck.source.line)}`
        : `HEALTHCHECK ${f.healthcheck.path ? `${f.healthcheck.path} on port ${f.healthcheck.port}` : 'command'} ← ${at(f.healthcheck.source.line)}`,
    );
  out.push(
    `language ${f.language}${f.languageVersion ? ` ${f.languageVersion}` : ''}${f.frameworks.length ? `, ${f.frameworks.map((x) => `${x.name} (${x.evidence})`).join(', ')}` : ''}`,
  );
  for (const m of f.manifests) out.push(`COPY ${m.path} (${m.kind}) ← ${at(m.source.line)}`);
  for (const d of f.dependencies) out.push(`depends on ${d.kind} ← ${d.evidence}, ${at(d.source.line)}`);
  if (f.databaseImage) out.push(`the image is itself a ${f.databaseImage} server`);
  if (f.gpu) out.push(`GPU runtime in ${f.finalBase.raw}`);
  for (const v of f.volumes) out.push(`VOLUME ${v.path} ← ${at(v.source.line)}`);
  return out;
}

export default defineTool({
  name: 'analyze_dockerfile',
  title: 'Analyze a Dockerfile',
  description:
    'Parse a Dockerfile and its build context: stages, base images, exposed ports, user, health check, environment, dependencies, language and framework, each with the line it came from.',
  input: z.object(dockerfileSource),
  output: z.object({ facts: dockerfileFactsSchema, reasons: z.array(z.string()) }),
  annotations: READ_ONLY,
  async run(args) {
    const { facts } = await readSource(args);
    // ENV/ARG values with secret names or secret formats never leave the tool: its result
    // goes to transcripts and models, in-process and over `mcp serve` alike.
    return { facts: new Redactor().value(facts), reasons: factReasons(facts) };
  },
  summarize: (r) => [`analyze_dockerfile: ${r.facts.file}`, ...r.reasons.map((x) => `  ${x}`)].join('\n'),
});
