// Generators of AppDeployment YAML for the fuzz suite: mutations of valid configs
// (random keys, types, huge numbers, unicode, control characters), anchors and
// aliases, alias bombs, deep nesting, damaged text.
import fc from 'fast-check';
import { Document, isMap, isSeq, stringify, visit, type Node } from 'yaml';
import { damage, edits, oddString, oddValue } from './fuzz-support.js';

const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'spec',
  'dockerfile',
  'image',
  'buildContext',
  'requirements',
  'ports',
  'port',
  'protocol',
  'path',
  'healthCheck',
  'resources',
  'cpu',
  'memory',
  'storage',
  'gpu',
  'scaling',
  'minReplicas',
  'maxReplicas',
  'targetCPU',
  'targetMemory',
  'predictive',
  'securityProfile',
  'secretsRequired',
  'database',
  'type',
  'size',
  'backup',
  'version',
  'components',
  'ingress',
  'enabled',
  'className',
  'tls',
  'host',
  'annotations',
  'serviceMesh',
  'mTLS',
  'monitoring',
  'metrics',
  'traces',
  'logs',
  'autoscaling',
  'cicd',
  'gitRepo',
  'branch',
  'webhook',
];

/** A valid AppDeployment with random (valid) choices. */
const validConfig = fc
  .record({
    name: fc.constantFrom('web', 'api-2', 'a'),
    namespace: fc.option(fc.constantFrom('prod', 'team-a'), { nil: undefined }),
    labels: fc.option(
      fc.dictionary(fc.constantFrom('team', 'app.kubernetes.io/part-of', 'tier'), fc.constantFrom('a', 'x.y', '')),
      { nil: undefined },
    ),
    source: fc.constantFrom<Record<string, string>[]>(
      { dockerfile: './Dockerfile' },
      { image: 'ghcr.io/x/web:1.0' },
      { dockerfile: 'Dockerfile', image: 'x:1' },
    ),
    ports: fc.array(
      fc.record({
        port: fc.integer({ min: 1, max: 65535 }),
        protocol: fc.constantFrom('HTTP', 'https', 'TCP', 'UDP', 'grpc'),
      }),
      { maxLength: 3 },
    ),
    scaling: fc.option(
      fc.record({ minReplicas: fc.integer({ min: 1, max: 3 }), maxReplicas: fc.integer({ min: 3, max: 50 }) }),
      { nil: undefined },
    ),
    host: fc.option(fc.constantFrom('a.example.com', '*.example.com'), { nil: undefined }),
    database: fc.option(fc.record({ type: fc.constantFrom('postgresql', 'mysql', 'mongodb', 'redis') }), {
      nil: undefined,
    }),
  })
  .map((c) => ({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: {
      name: c.name,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      ...(c.labels ? { labels: c.labels } : {}),
    },
    spec: {
      ...c.source,
      ports: c.ports.filter((p, i, all) => all.findIndex((q) => q.port === p.port) === i),
      ...(c.scaling ? { scaling: c.scaling } : {}),
      ...(c.database ? { database: c.database } : {}),
      components: { ingress: c.host ? { host: c.host, annotations: { 'konghq.com/strip-path': 'true' } } : {} },
    } as Record<string, unknown>,
  }));

const pathSeg = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: oddString },
  { weight: 1, arbitrary: fc.nat({ max: 3 }) },
);
const mutation = fc.record({
  path: fc.array(pathSeg, { minLength: 1, maxLength: 4 }),
  value: oddValue,
  remove: fc.boolean(),
});

function mutate(obj: Record<string, unknown>, m: { path: (string | number)[]; value: unknown; remove: boolean }): void {
  let cur: Record<string | number, unknown> = obj;
  for (const seg of m.path.slice(0, -1)) {
    const next = cur[seg];
    if (next === null || typeof next !== 'object') cur[seg] = {};
    cur = cur[seg] as Record<string | number, unknown>;
  }
  const last = m.path[m.path.length - 1];
  if (m.remove) delete cur[last];
  else cur[last] = m.value;
}

/** Anchors one node and points a few others at it (aliases, possibly cycles). */
function withAliases(obj: unknown, picks: number[]): string {
  const doc = new Document(obj);
  const nodes: Node[] = [];
  visit(doc, { Node: (_k, n) => void nodes.push(n as Node) });
  if (nodes.length < 2) return doc.toString();
  const target = nodes[picks[0] % nodes.length];
  const alias = doc.createAlias(target as never, 'a');
  for (const p of picks.slice(1)) {
    const parent = nodes[p % nodes.length];
    if (isMap(parent) && parent.items.length) parent.items[p % parent.items.length].value = alias;
    else if (isSeq(parent) && parent.items.length) parent.items[p % parent.items.length] = alias;
  }
  try {
    return doc.toString();
  } catch {
    return stringify(obj);
  }
}

/** The classic billion laughs, hung under a key of the spec. */
const bomb = (levels: number, width: number, key: string) => {
  const lines = [`  ${key}: &l0 ["lol"]`];
  for (let i = 1; i <= levels; i++)
    lines.push(`  k${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
};

export const configText = fc.oneof(
  // mutated valid configs, in block or flow style
  {
    weight: 10,
    arbitrary: fc.tuple(validConfig, fc.array(mutation, { maxLength: 4 }), fc.boolean()).map(([c, ms, flow]) => {
      for (const m of ms) mutate(c as Record<string, unknown>, m);
      try {
        return stringify(c, flow ? { collectionStyle: 'flow' } : {});
      } catch {
        return JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
      }
    }),
  },
  // anchors and aliases inside a valid config
  {
    weight: 4,
    arbitrary: fc
      .tuple(validConfig, fc.array(fc.nat(), { minLength: 2, maxLength: 4 }))
      .map(([c, picks]) => withAliases(c, picks)),
  },
  // alias bombs
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        validConfig,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 10 }),
        fc.constantFrom('requirements', 'x-extra'),
      )
      .map(([c, l, w, key]) => `${stringify(c)}${bomb(l, w, key).replace(/^ {2}/gm, '')}\n`),
  },
  // deep nesting: flow brackets and block indentation
  // (few of them: each costs the parser milliseconds)
  {
    weight: 1,
    arbitrary: fc
      .tuple(validConfig, fc.integer({ min: 1, max: 1500 }), fc.boolean())
      .map(
        ([c, depth, flow]) =>
          `${stringify(c)}extra: ${flow ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `\n${Array.from({ length: Math.min(depth, 400) }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1`}\n`,
      ),
  },
  // damaged text
  { weight: 6, arbitrary: fc.tuple(validConfig, edits).map(([c, e]) => damage(stringify(c), e)) },
  // several documents, empty files, odd scalars
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(
        '',
        '---\n---\n',
        '~',
        '[]',
        '"x"',
        '\ufeff',
        '%YAML 1.1\n---\na: 1',
        '!!map {}',
        'a: !!binary AAAA',
      ),
      oddString,
    ),
  },
);
