// docs/compose.md's mapping table against fixtures/compose-shop: every row's Compose key
// is used by the fixture (whose result compose.test.ts checks), and every key the fixture
// uses has a row. Plus the pure readers behind the table: interpolation and value syntax.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolate, type InterpolationProblem } from '../../src/init/interpolate.js';
import {
  containerPorts,
  cpuQuantity,
  healthUrl,
  infraOfImage,
  memoryQuantity,
  urlHosts,
} from '../../src/init/compose-values.js';
import { REPO } from '../helpers/cli.js';

const doc = readFileSync(join(REPO, 'docs', 'compose.md'), 'utf8');
const table = doc.slice(doc.indexOf('## Mapping'));
const rows = table
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map((l) => /^\| `([^`]+)`/.exec(l)![1]);
const compose = parse(readFileSync(join(REPO, 'fixtures', 'compose-shop', 'compose.yaml'), 'utf8')) as {
  services: Record<string, Record<string, unknown>>;
} & Record<string, unknown>;
const TOP_LEVEL = new Set(['name', 'services']);

function present(key: string): boolean {
  if (TOP_LEVEL.has(key)) return compose[key] !== undefined;
  const image = /^image: (\w+)$/.exec(key);
  if (image)
    return Object.values(compose.services).some(
      (s) => typeof s.image === 'string' && infraOfImage(s.image)?.kind === infraOfImage(image[1])?.kind,
    );
  return Object.values(compose.services).some(
    (s) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], s) !== undefined,
  );
}

describe('docs/compose.md mapping table', () => {
  it('has the rows the issue asks for', () => {
    for (const k of [
      'build.context',
      'build.dockerfile',
      'build.target',
      'image',
      'ports',
      'expose',
      'environment',
      'env_file',
      'healthcheck',
      'user',
      'command',
      'entrypoint',
      'volumes',
      'deploy.replicas',
      'deploy.resources',
      'depends_on',
      'links',
      'secrets',
      'configs',
      'restart',
      'profiles',
      'extends',
    ])
      expect(rows).toContain(k);
  });

  it.each(rows)('row `%s` is used by fixtures/compose-shop', (key) => {
    expect(present(key)).toBe(true);
  });

  it('every key the fixture uses has a row', () => {
    const used = new Set(Object.values(compose.services).flatMap((s) => Object.keys(s)));
    const covered = new Set(rows.map((r) => r.split('.')[0].replace(/^image: .*/, 'image')));
    expect([...used].filter((k) => !covered.has(k))).toEqual([]);
  });
});

describe('interpolation', () => {
  const vars = new Map([
    ['SET', 'v'],
    ['EMPTY', ''],
  ]);
  const run = (s: string) => {
    const problems: InterpolationProblem[] = [];
    return { value: interpolate(s, vars, problems), problems };
  };
  it.each([
    ['$SET and ${SET}', 'v and v'],
    ['${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', 'd  d'],
    ['${SET:+alt}${EMPTY:+alt}${EMPTY+alt}', 'altalt'],
    ['${UNSET:-${SET}}', 'v'],
    ['$$SET costs $$5', '$SET costs $5'],
  ])('%s → %s', (input, expected) => {
    expect(run(input).value).toBe(expected);
  });
  it('reports a missing required variable and an unset one', () => {
    expect(run('${UNSET:?say why}').problems).toEqual([{ error: 'required variable UNSET is not set: say why' }]);
    expect(run('${EMPTY:?}').problems[0].error).toContain('EMPTY is empty');
    expect(run('${EMPTY?}').problems).toEqual([]);
    expect(run('$UNSET').problems).toEqual([{ unset: 'UNSET' }]);
  });
});

describe('Compose value syntax', () => {
  it('reads the container side of port mappings', () => {
    expect(containerPorts('127.0.0.1:8080:80/udp')).toEqual([
      { port: 80, protocol: 'udp', raw: '127.0.0.1:8080:80/udp' },
    ]);
    expect(containerPorts(3000)).toEqual([{ port: 3000, protocol: 'tcp', raw: '3000' }]);
    expect(containerPorts({ target: 80, published: '8080' })).toEqual([
      { port: 80, protocol: 'tcp', raw: 'target: 80, published: 8080' },
    ]);
    expect((containerPorts('9000-9002') as unknown[]).length).toBe(3);
    expect(containerPorts('0')).toMatch(/out of range/);
    expect(containerPorts('8080:http')).toMatch(/must be a number/);
  });
  it('converts CPU and memory to Kubernetes quantities', () => {
    expect([cpuQuantity('0.5'), cpuQuantity(2), cpuQuantity('x')]).toEqual(['500m', '2', undefined]);
    expect([
      memoryQuantity('512M'),
      memoryQuantity('1g'),
      memoryQuantity('1.5GB'),
      memoryQuantity(268435456),
      memoryQuantity('lots'),
    ]).toEqual(['512Mi', '1Gi', '1536Mi', '256Mi', undefined]);
  });
  it('finds health URLs, backing-service images and service hosts', () => {
    expect(healthUrl(['CMD-SHELL', 'curl -f http://localhost:8080/ready || exit 1'])).toMatchObject({
      path: '/ready',
      port: 8080,
    });
    expect(healthUrl(['CMD', 'pg_isready'])).toBeUndefined();
    expect(infraOfImage('docker.io/library/postgres:16-alpine')).toEqual({ kind: 'postgresql', tag: '16-alpine' });
    expect(infraOfImage('bitnami/valkey')).toEqual({ kind: 'redis', tag: undefined });
    expect(infraOfImage('ghcr.io/example/postgres-exporter:1')).toBeUndefined();
    expect(urlHosts('postgres://app:pw@db:5432/x')).toEqual(['db']);
    expect(urlHosts('kafka:9092,kafka2:9092')).toEqual(['kafka', 'kafka2']);
  });
});
