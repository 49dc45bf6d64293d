// A draft AppDeployment: the fields init chose, each with the source it came from,
// rendered as YAML whose comments name those sources. Pure.
import { basename } from 'node:path';
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { API_VERSION, KIND, type PortSpec } from '../app-config/schema.js';
import type { YamlPath } from '../app-config/positions.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { redactSecretText } from '../secrets/patterns.js';

interface DraftField {
  path: YamlPath;
  value: unknown;
  /** Where the value came from: `EXPOSE 3000 (Dockerfile:14)`, `compose: ports "8080:80"`. */
  source: string;
}

export interface Draft {
  /** The Compose service or directory the config is for. */
  service: string;
  /** File name to write, relative to the output directory. */
  file: string;
  fields: DraftField[];
  /** Lines for the header comment: what was not carried and why. */
  notes: string[];
}

export function newDraft(service: string, name: { value: string; source: string }): Draft {
  return {
    service,
    file: 'app-config.yaml',
    fields: [
      { path: ['apiVersion'], value: API_VERSION, source: '' },
      { path: ['kind'], value: KIND, source: '' },
      { path: ['metadata', 'name'], value: name.value, source: name.source },
    ],
    notes: [],
  };
}

export function setField(d: Draft, path: YamlPath, value: unknown, source: string): void {
  const key = JSON.stringify(path);
  const i = d.fields.findIndex((f) => JSON.stringify(f.path) === key);
  if (i >= 0) d.fields[i] = { path, value, source };
  else d.fields.push({ path, value, source });
}

export function getField(d: Draft, path: YamlPath): unknown {
  const key = JSON.stringify(path);
  return d.fields.find((f) => JSON.stringify(f.path) === key)?.value;
}

/** Comments are one line, safe to show, and never carry a secret value. */
const commentText = (s: string) => {
  const line = redactSecretText(s)
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim();
  return ` ${line.length > 240 ? `${line.slice(0, 240)}…` : line}`;
};

/** The draft as YAML text: fields in the order chosen, each with its source as a comment. */
export function renderDraft(d: Draft, header: string[]): string {
  const doc = new Document({});
  // Values as nodes, so each can carry its comment.
  for (const f of d.fields) doc.setIn(f.path, doc.createNode(f.value));
  for (const f of d.fields) {
    if (!f.source) continue;
    let node = doc.getIn(f.path, true) as Node | undefined;
    // A mapping's comment reads best beside its first value: `- port: 3000 # EXPOSE 3000 …`.
    if (isMap(node) && isScalar(node.items[0]?.value)) node = node.items[0].value as Node;
    if (isScalar(node)) node.comment = commentText(f.source);
    else if (isMap(node) || isSeq(node)) node.commentBefore = commentText(f.source);
  }
  doc.commentBefore = [...header, ...d.notes].map(commentText).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** The plain config a draft describes (what `validate` and `deploy` will read). */
export function draftObject(d: Draft): Record<string, unknown> {
  const doc = new Document({});
  for (const f of d.fields) doc.setIn(f.path, doc.createNode(f.value));
  return doc.toJS() as Record<string, unknown>;
}

const df = (facts: DockerfileFacts, line: number) => `${basename(facts.file)}:${line}`;

/** Port protocol as deploy would infer it from the Dockerfile (same rule as the planner). */
export function protocolOf(
  port: number,
  proto: 'tcp' | 'udp',
  facts: DockerfileFacts | undefined,
): PortSpec['protocol'] {
  if (proto === 'udp') return 'UDP';
  if (facts?.frameworks.some((f) => /grpc/i.test(f.name))) return 'gRPC';
  return port === 443 || port === 8443 ? 'HTTPS' : 'HTTP';
}

/** What a Dockerfile says that an AppDeployment can hold: ports, health path, GPU, database. */
export function factsFields(d: Draft, facts: DockerfileFacts, opts: { ports: boolean }): void {
  if (opts.ports) {
    const seen = new Set<string>();
    const exposed = facts.exposed.filter(
      (e) => !seen.has(`${e.port}/${e.protocol}`) && seen.add(`${e.port}/${e.protocol}`),
    );
    exposed.forEach((e, i) => {
      const protocol = protocolOf(e.port, e.protocol, facts);
      const why = protocol === 'gRPC' ? `; gRPC ← ${facts.frameworks.find((f) => /grpc/i.test(f.name))!.evidence}` : '';
      setField(
        d,
        ['spec', 'ports', i],
        { port: e.port, protocol },
        `EXPOSE ${e.port}${e.protocol === 'udp' ? '/udp' : ''} (${df(facts, e.source.line)})${why}`,
      );
    });
    const hc = facts.healthcheck;
    if (hc && !hc.none && hc.path && exposed.length > 0) {
      const i = Math.max(
        0,
        exposed.findIndex((e) => e.port === hc.port),
      );
      setField(d, ['spec', 'ports', i, 'healthCheck'], hc.path, `HEALTHCHECK (${df(facts, hc.source.line)})`);
    }
  }
  if (facts.gpu)
    setField(
      d,
      ['spec', 'resources', 'gpu'],
      1,
      `FROM ${facts.finalBase.raw} (${df(facts, facts.finalBase.source.line)})`,
    );
  // The planner takes a database from the same evidence; writing it down makes it visible and editable.
  const db = facts.dependencies.find((x) => x.kind === 'postgresql' || x.kind === 'mysql' || x.kind === 'mongodb');
  if (db && !facts.databaseImage)
    setField(d, ['spec', 'database'], { type: db.kind }, `${db.evidence} (${df(facts, db.source.line)})`);
}
