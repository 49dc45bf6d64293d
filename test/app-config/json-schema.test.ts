// The published JSON Schema is a product: a standard validator (ajv, draft 2020-12) must
// accept every fixture `validate` accepts, every property explains itself, and the file the
// package ships is the one the zod schema generates today.
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { appDeploymentJsonSchema, appDeploymentJsonSchemaText, SCHEMA_FILE } from '../../src/app-config/json-schema.js';
import { parseAppConfig } from '../../src/app-config/index.js';
import { REPO } from '../helpers/cli.js';

const schema = appDeploymentJsonSchema();
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const fixtures = readdirSync(join(REPO, 'fixtures')).filter((d) =>
  existsSync(join(REPO, 'fixtures', d, 'app-config.yaml')),
);

describe('the AppDeployment JSON Schema', () => {
  it('is the file the package ships (regenerate: KK_WRITE_SCHEMA=1 npx vitest run test/app-config/json-schema.test.ts)', () => {
    const file = join(REPO, SCHEMA_FILE);
    if (process.env.KK_WRITE_SCHEMA === '1') writeFileSync(file, appDeploymentJsonSchemaText());
    expect(readFileSync(file, 'utf8')).toBe(appDeploymentJsonSchemaText());
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files.some((f) => SCHEMA_FILE === f || SCHEMA_FILE.startsWith(`${f.replace(/\/$/, '')}/`))).toBe(true);
  });

  it.each(fixtures)('accepts fixtures/%s/app-config.yaml, as the loader does, and its modeline resolves', (fixture) => {
    const path = join(REPO, 'fixtures', fixture, 'app-config.yaml');
    const text = readFileSync(path, 'utf8');
    expect('config' in parseAppConfig(text, path)).toBe(true);
    const ok = validate(parse(text));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    expect(modeline, 'every fixture names its schema').not.toBeNull();
    expect(existsSync(join(REPO, 'fixtures', fixture, modeline![1]))).toBe(true);
  });

  it('accepts protocols in any case, like the loader, and still refuses unknown ones', () => {
    const doc = (protocol: string) => ({
      apiVersion: 'kaptainkube.dev/v1',
      kind: 'AppDeployment',
      metadata: { name: 'web' },
      spec: { image: 'nginx', ports: [{ port: 80, protocol }] },
    });
    for (const p of ['http', 'Http', 'GRPC', 'grpc', 'gRPC', 'tcp']) {
      expect(validate(doc(p)), p).toBe(true);
      expect('config' in parseAppConfig(JSON.stringify(doc(p)), 'app.yaml'), p).toBe(true);
    }
    expect(validate(doc('htp'))).toBe(false);
  });

  it('gives every property a description and uses only standard formats', () => {
    const missing: string[] = [];
    const formats: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.format === 'string') formats.push(`${at}: ${o.format}`);
      for (const [key, sub] of Object.entries((o.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof sub.description !== 'string' || sub.description.length < 10) missing.push(`${at}.${key}`);
        walk(sub, `${at}.${key}`);
      }
      for (const k of ['items', 'additionalProperties']) walk(o[k], `${at}[${k}]`);
      for (const k of ['anyOf', 'oneOf', 'allOf'])
        if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((s) => walk(s, at));
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    expect(formats).toEqual([]);
  });
});
