// Secret-looking values in a ConfigMap: validate_manifests reports them as errors (by the
// key's name and by the value's format, naming the key but never showing the value), and
// generate_configmap leaves them out in the first place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { validateManifests } from '../../src/manifests/validate.js';
import { blogApi } from '../helpers/app-context.js';
import { callOk, connectBuiltin } from '../helpers/mcp.js';

const STRIPE = 'sk_live_51HxYzAbCdEfGhIjKlMn';
const configMap = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web-config', namespace: 'shop' },
  data,
});
const check = (data: Record<string, string>) =>
  validateManifests([{ path: 'k8s-manifests/03-configmap.yaml', objects: [configMap(data)] as never }]);

describe('ConfigMap secrets in validation', () => {
  it('flags DB_PASSWORD by name and sk_live_… and a URL password by format', async () => {
    const r = await check({
      DB_PASSWORD: 'hunter2xyz',
      PAYMENTS: STRIPE,
      DATABASE_URL: 'postgres://u:s3cretpw@db/x',
      PORT: '8080',
    });
    const found = r.findings.filter((f) => f.rule === 'configmap-secret');
    expect(found.map((f) => [f.severity, f.subject, f.file, f.message.split(':')[0]])).toEqual([
      [
        'error',
        'ConfigMap/web-config',
        'k8s-manifests/03-configmap.yaml',
        'data key DB_PASSWORD holds a secret in a ConfigMap',
      ],
      [
        'error',
        'ConfigMap/web-config',
        'k8s-manifests/03-configmap.yaml',
        'data key PAYMENTS holds a secret in a ConfigMap',
      ],
      [
        'error',
        'ConfigMap/web-config',
        'k8s-manifests/03-configmap.yaml',
        'data key DATABASE_URL holds a secret in a ConfigMap',
      ],
    ]);
    expect(r.valid).toBe(false);
    expect(JSON.stringify(r.findings)).not.toMatch(/hunter2xyz|s3cretpw|51HxYz/);
  });

  it('stays quiet on ordinary settings and on references to Secrets', async () => {
    const r = await check({
      KEYCLOAK_URL: 'http://keycloak:8080',
      PORT: '8080',
      DB_PASSWORD_KEY: 'password',
      DB_CREDENTIALS_SECRET: 'app.db.credentials',
      DATABASE_URL: 'postgres://db:5432/x',
      TOKEN_URL: 'https://auth.example.com/token',
    });
    expect(r.findings.filter((f) => f.rule === 'configmap-secret')).toEqual([]);
  });
});

describe('generate_configmap', () => {
  let client: Client;
  beforeAll(async () => (client = await connectBuiltin('k8s-manifest-generator')));
  afterAll(async () => client.close());

  it('leaves secret-named and secret-looking env out, with a finding naming each; keeps the rest', async () => {
    const app = blogApi({
      env: {
        DB_PASSWORD: 'hunter2xyz',
        PAYMENTS: STRIPE,
        DATABASE_URL: 'postgres://u:s3cretpw@db/x',
        KEYCLOAK_URL: 'http://keycloak:8080',
        FEATURE_FLAGS: 'beta',
      },
    });
    const out = await callOk<{
      files: { objects: { data: Record<string, string> }[] }[];
      findings: { rule: string; message: string }[];
    }>(client, 'generate_configmap', { app });
    const data = out.files[0].objects[0].data;
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['DB_PASSWORD']));
    expect(data).not.toHaveProperty('PAYMENTS');
    expect(data).not.toHaveProperty('DATABASE_URL');
    expect(data).toMatchObject({ KEYCLOAK_URL: 'http://keycloak:8080', FEATURE_FLAGS: 'beta', PORT: '3000' });
    expect(JSON.stringify(out)).not.toMatch(/hunter2xyz|s3cretpw|51HxYz/);
    expect(
      out.findings.filter((f) => f.rule === 'configmap-secret-dropped').map((f) => f.message.split(' ')[1]),
    ).toEqual(['DB_PASSWORD', 'PAYMENTS', 'DATABASE_URL']);
  });
});
