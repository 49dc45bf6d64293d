// Generators of Dockerfiles for the fuzz suite: random instructions and flags with odd
// values (huge numbers, unicode, control characters, malformed JSON, variables).
import fc from 'fast-check';
import { damage, edits, oddNumber, oddString } from './fuzz-support.js';

const num = oddNumber.map(String);
const word = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('app', 'node', 'x', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'HOME'),
  },
  { weight: 1, arbitrary: oddString },
);
const value = fc.oneof(
  word,
  num,
  fc.constantFrom(
    '${PORT}',
    '$PORT',
    '${X:-8080}',
    '${UNSET}',
    'postgres://u:p@db:5432/x',
    'mysql://db',
    'redis://r',
    '"quoted value"',
    "'single'",
    '\\',
    'a b c',
  ),
);
const image = fc.oneof(
  fc.constantFrom(
    'node:22.11-alpine',
    'python:3.12-slim',
    'golang:1.23',
    'nginx:1.27',
    'postgres:16',
    'nvidia/cuda:12.4-runtime',
    'tensorflow/serving:2-gpu',
    'scratch',
    'build',
    'node@sha256:abc',
    '${BASE}',
    '$BASE:latest',
    'ghcr.io/a/b:c',
  ),
  oddString,
);
const port = fc.oneof(num, fc.constantFrom('80', '443', '3000', '8080-8090', '${PORT}', '0', '65536'));
const portSpec = fc
  .tuple(port, fc.constantFrom('', '/tcp', '/udp', '/UDP', '/sctp', '/x', '/'))
  .map(([p, proto]) => `${p}${proto}`);
const jsonArray = fc
  .array(fc.oneof(word, fc.integer(), fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({})), {
    maxLength: 4,
  })
  .map((xs) => JSON.stringify(xs));
const command = fc.oneof(
  jsonArray,
  fc.array(word, { maxLength: 3 }).map((xs) => `["${xs.join('", "')}"]`),
  fc.constantFrom('node server.js', '["node"', '[', '[]', '["a",]', 'npm start && exit 1', '{"a":1}'),
  oddString,
);
const duration = fc.oneof(
  num.map((n) => `${n}s`),
  fc.constantFrom('30s', '1m', '1h', '0', '1.5s', '100ms', '99999999999h', 'abc', ''),
);
const flag = fc.constantFrom(
  '--platform=linux/amd64',
  '--chown=1000:1000',
  '--from=build',
  '--from=0',
  '--link',
  '--chmod=755',
  '--mount=type=cache,target=/x',
  '--network=none',
  '--',
  '--x',
);
const manifest = fc.constantFrom(
  'package.json',
  'requirements.txt',
  'go.mod',
  'pom.xml',
  'Gemfile',
  'Cargo.toml',
  'composer.json',
  'app.csproj',
  'requirements-dev.txt',
  'missing/package.json',
  '../package.json',
  '.',
  './',
  '*.json',
  'fifo-like',
);

const instruction: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.option(flag, { nil: '' }), image, fc.option(fc.oneof(word, fc.constant('build')), { nil: undefined }))
      .map(([f, i, as]) => `FROM ${f} ${i}${as !== undefined ? ` AS ${as}` : ''}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(word, fc.option(value, { nil: undefined }))
      .map(([n, v]) => `ARG ${n}${v !== undefined ? `=${v}` : ''}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(word, value), { minLength: 1, maxLength: 3 })
      .map((kv) => `ENV ${kv.map(([k, v]) => `${k}=${v}`).join(' ')}`),
  },
  { weight: 1, arbitrary: fc.tuple(word, value).map(([k, v]) => `ENV ${k} ${v}`) },
  { weight: 3, arbitrary: fc.array(portSpec, { minLength: 1, maxLength: 3 }).map((ps) => `EXPOSE ${ps.join(' ')}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(num, word, fc.constant('root')), fc.option(fc.oneof(num, word), { nil: undefined }))
      .map(([u, g]) => `USER ${u}${g !== undefined ? `:${g}` : ''}`),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT'), command).map(([k, c]) => `${k} ${c}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(
          fc.tuple(fc.constantFrom('interval', 'timeout', 'start-period', 'retries', 'bogus'), fc.oneof(duration, num)),
          { maxLength: 3 },
        ),
        fc.constantFrom(
          'CMD wget -qO- http://localhost:3000/health || exit 1',
          'CMD curl -f http://localhost:${PORT}/healthz',
          'CMD ["curl", "https://x:99999/"]',
          'NONE',
          'CMD',
          'CMD http://[::1]:80/a',
          '',
        ),
      )
      .map(([fs, c]) => `HEALTHCHECK ${fs.map(([n, v]) => `--${n}=${v}`).join(' ')} ${c}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('COPY', 'ADD'),
        fc.option(flag, { nil: '' }),
        fc.array(manifest, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('./', '/app/', '.'),
      )
      .map(([k, f, srcs, dst]) => `${k} ${f} ${srcs.join(' ')} ${dst}`),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(command, fc.constantFrom('/data', '/a /b', '["/data"]', '[1]')).map((v) => `VOLUME ${v}`),
  },
  { weight: 1, arbitrary: value.map((v) => `WORKDIR ${v}`) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(value, fc.constantFrom('npm ci', 'apt-get install -y curl', '<<EOF\necho hi\nEOF'))
      .map((v) => `RUN ${v}`),
  },
  { weight: 1, arbitrary: fc.tuple(word, value).map(([k, v]) => `LABEL ${k}=${v}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'ONBUILD RUN x',
      'STOPSIGNAL SIGTERM',
      'SHELL ["/bin/bash", "-c"]',
      'SHELL [1]',
      'MAINTAINER me',
      'BOGUS instruction',
      '# comment',
      '# escape=`',
      '# syntax=docker/dockerfile:1',
      '',
      '\\',
      'FROM',
      'USER',
      'EXPOSE',
      'CMD',
      'COPY',
    ),
  },
  { weight: 1, arbitrary: oddString },
);

/** Mostly a FROM first, sometimes none; random instructions; sometimes continuations and damage. */
export const dockerfileText = fc
  .tuple(
    fc.boolean(),
    image,
    fc.array(instruction, { maxLength: 12 }),
    fc.boolean(),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: edits }),
  )
  .map(([from, img, body, continuations, e]) => {
    const lines = [...(from ? [`FROM ${img}`] : []), ...body];
    const text = continuations ? lines.map((l, i) => (i % 3 === 2 ? `${l} \\` : l)).join('\n') : lines.join('\n');
    return damage(`${text}\n`, [...e]);
  });
