// Secret values by name and by format: the one redaction module the transcript, the
// exports and the model's context share, and a guard that it leaves ordinary settings
// (and every generated fixture tree) alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPONENT_IDS } from '../../src/plan/app-context.js';
import type { SessionEvent } from '../../src/sessions/events.js';
import { renderWorkspace } from '../../src/manifests/workspace.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { isSecretName, looksLikeSecretValue, REDACTED } from '../../src/secrets/patterns.js';
import { exportSession } from '../../src/sessions/export.js';
import { Redactor, secretValuesFromEnv } from '../../src/sessions/redact.js';
import { blogApi } from '../helpers/app-context.js';
import { REPO } from '../helpers/cli.js';
import { FIXTURES, generate } from '../helpers/generate.js';
import { callOk, connectBuiltin } from '../helpers/mcp.js';

const GHP = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeymaterial\n-----END RSA PRIVATE KEY-----';

describe('secret names', () => {
  it.each([
    'DB_PASSWORD',
    'password',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'apiKey',
    'x-api-key',
    'STRIPE_KEY',
    'SECRET_KEY_BASE',
    'SMTP_PASS',
    'MYSQL_PWD',
    'BASIC_AUTH',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GITHUB_PAT',
    'PASSWORD_SALT',
    'client-key-data',
    'client-certificate-data',
    'token',
    'refresh-token',
    'clientSecret',
    'Authorization',
    'JWT_PRIVATE',
  ])('%s is secret', (n) => expect(isSecretName(n)).toBe(true));
  it.each([
    'KEYCLOAK_URL',
    'MONKEY',
    'PORT',
    'PWD',
    'PATH',
    'key',
    'topologyKey',
    'PUBLIC_KEY',
    'CACHE_KEY',
    'secretName',
    'secretKeyRef',
    'PASSWORD_FILE',
    'TOKEN_URL',
    'AWS_ACCESS_KEY_ID',
    'sessionAffinity',
    'SESSION_TIMEOUT',
    'TLS_CERT',
    'PASSWORD_MIN_LENGTH',
    'secretsRequired',
    'SSH_AUTH_SOCK',
    'BYPASS_CACHE',
    'app.kubernetes.io/name',
    'AUTH_TYPE',
    'DB_PASSWORD_KEY',
    'DB_CREDENTIALS_SECRET',
    'auth-secret',
  ])('%s is not', (n) => expect(isSecretName(n)).toBe(false));
});

describe('secret values in text', () => {
  const r = new Redactor();
  it.each([
    ['ENV DB_PASSWORD=hunter2xyz', 'hunter2xyz'],
    ['ENV DB_PASSWORD hunter2xyz', 'hunter2xyz'],
    [`ARG GITHUB_TOKEN=${GHP}`, GHP],
    [`clone with ${GHP} please`, GHP],
    ['DATABASE_URL=postgres://u:s3cretpw@db/x', 's3cretpw'],
    ['redis://:r3dispass@cache:6379/0', 'r3dispass'],
    [`aws ${AWS_ID} ${AWS_SECRET}`, AWS_SECRET],
    [`key id ${AWS_ID}`, AWS_ID],
    [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, AWS_SECRET],
    ['OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwx'],
    ['use sk-abcdefghijklmnopqrstuvwxyz0123 here', 'sk-abcdefghijklmnopqrstuvwxyz0123'],
    ['stripe sk_live_51Habcdefghijklmn and rk_live_51Habcdefghijklmn', '51Habcdefghijklmn'],
    ['slack xoxb-123456789012-abcdefghijkl', 'xoxb-123456789012'],
    ['maps AIzaSyA1234567890abcdefghijklmnopqrstuv', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    [`jwt ${JWT}`, 'dozjgNryP4J3jVmNHl0w5N'],
    [`key:\n${PEM}\n`, 'secretkeymaterial'],
    ['Authorization: Bearer abcdef0123456789xyz', 'abcdef0123456789xyz'],
    ['curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA=="', 'dXNlcjpwYXNzd29yZA=='],
    [
      'users:\n- name: admin\n  user:\n    token: kubetoken123456\n    client-key-data: LS0tLS1CRUdJTiBQUklWQVRF\n',
      'kubetoken123456',
    ],
    ['    client-key-data: LS0tLS1CRUdJTiBQUklWQVRF', 'LS0tLS1CRUdJTiBQUklWQVRF'],
    ['    client-certificate-data: Q0VSVElGSUNBVEU=', 'Q0VSVElGSUNBVEU='],
    ['{"password":"hunter2hunter2"}', 'hunter2hunter2'],
    ['+        - name: DB_PASSWORD\n+          value: hunter2xyz', 'hunter2xyz'],
  ])('%s', (text, secret) => {
    const out = r.text(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[REDACTED\]|\*\*\*/);
  });

  it('keeps URL structure: scheme://user:***@host', () => {
    expect(r.text('postgres://u:s3cretpw@db:5432/x?sslmode=require')).toBe(
      'postgres://u:***@db:5432/x?sslmode=require',
    );
  });

  it.each([
    'KEYCLOAK_URL=http://keycloak:8080',
    'PORT=8080',
    'secretName: app-tls',
    'key: DB_PASSWORD',
    'topologyKey: kubernetes.io/hostname',
    'password: ${DB_PASSWORD}',
    'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    'https://github.com/example/repo.git',
    'image: ghcr.io/example/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'commit 0123456789abcdef0123456789abcdef01234567',
    'Bearer tokens are sent in the Authorization header',
    'risk-assessment-service-for-the-whole-team',
    'warning secret-unfilled: create Secret blog-api-webhook with key token, the same value',
    'info backup-credentials: backups write to s3://backups with credentials from Secret x',
    '"secret": "<from Secret blog-api-webhook>"',
    'automountServiceAccountToken: false',
    'secretKey: token',
  ])('leaves %s alone', (text) => expect(r.text(text)).toBe(text));
});

describe('secret values in structures', () => {
  it('redacts {name, value} pairs with secret names and keeps the rest identical', () => {
    const facts = {
      env: [
        { name: 'DB_PASSWORD', value: 'hunter2xyz', source: { line: 3, instruction: 'ENV DB_PASSWORD=hunter2xyz' } },
        { name: 'PORT', value: '8080' },
      ],
      args: [{ name: 'GITHUB_TOKEN', defaultValue: 'abcdef123' }],
    };
    const out = new Redactor().value(facts);
    expect(JSON.stringify(out)).not.toMatch(/hunter2xyz|abcdef123/);
    expect(out.env[1]).toBe(facts.env[1]);
    const clean = { name: 'PORT', value: '8080', labels: { 'app.kubernetes.io/name': 'web' } };
    expect(new Redactor().value(clean)).toBe(clean);
  });

  it('takes credentials from the environment by the same name rule', () => {
    expect(
      secretValuesFromEnv({
        AWS_SECRET_ACCESS_KEY: AWS_SECRET,
        DB_PWD: 'pw123456',
        PWD: '/home/me/project',
        KEYCLOAK_URL: 'http://keycloak:8080',
      }),
    ).toEqual([AWS_SECRET, 'pw123456']);
  });

  it('value formats: tokens and URL passwords look secret, ordinary settings do not', () => {
    for (const v of ['sk_live_51Habcdefghijklmn', GHP, 'postgres://u:pw@db/x', REDACTED])
      expect(looksLikeSecretValue(v)).toBe(true);
    for (const v of ['http://keycloak:8080', '8080', 'json', 'postgres://db:5432/x'])
      expect(looksLikeSecretValue(v)).toBe(false);
  });

  it('leaves every generated fixture tree untouched (no false positive in real manifests)', async () => {
    for (const fixture of FIXTURES) {
      const { state } = await generate(fixture);
      const files = Object.fromEntries(renderWorkspace(state.workspace));
      const objects = state.workspace;
      const r = new Redactor();
      const changed = Object.entries(files).filter(([, text]) => r.text(text) !== text);
      expect(changed.map(([p, t]) => [p, diffLines(t, r.text(t))])).toEqual([]);
      expect(r.value(objects)).toBe(objects);
    }
  });
});

describe("exports and the model's instructions", () => {
  it('an export redacts a transcript written before a rule existed (JSON and Markdown)', () => {
    const events = [
      {
        type: 'session.started',
        seq: 0,
        at: 't',
        sessionId: 's',
        command: 'chat',
        inputs: { flags: {} },
        versions: { kaptainKube: 't', node: 'v' },
        planner: 'rules',
        policy: 'ask',
      },
      { type: 'user.message', seq: 1, at: 't', text: `ENV DB_PASSWORD=hunter2xyz and ${GHP}` },
      {
        type: 'tool.proposed',
        seq: 2,
        at: 't',
        callId: 'c1',
        server: 's',
        tool: 't',
        readOnly: true,
        reasons: [],
        args: { env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: AWS_SECRET }], url: 'postgres://u:s3cretpw@db/x' },
      },
    ] as unknown as SessionEvent[];
    for (const format of ['json', 'markdown'] as const) {
      const text = [...exportSession(events, format).values()].join('\n');
      for (const v of ['hunter2xyz', GHP, AWS_SECRET, 's3cretpw']) expect(text).not.toContain(v);
      expect(text).toContain('postgres://u:***@db/x');
    }
  });

  it('the system prompt reaches the model unchanged', () => {
    const system = readFileSync(join(REPO, 'prompts', 'system.md'), 'utf8');
    expect(new Redactor().text(system)).toBe(system);
  });
});

describe('analyze_dockerfile, as served to any MCP client', () => {
  it('returns ENV and ARG names with their secret values redacted, ordinary values intact', async () => {
    const client = await connectBuiltin('docker-analysis');
    try {
      const content = [
        'FROM node:20-alpine',
        `ARG GITHUB_TOKEN=${GHP}`,
        'ENV DB_PASSWORD=hunter2xyz DATABASE_URL=postgres://u:s3cretpw@db/x',
        'ENV KEYCLOAK_URL=http://keycloak:8080 PORT=8080',
        'EXPOSE 8080',
      ].join('\n');
      const out = await callOk<{
        facts: { env: { name: string; value: string }[]; args: { name: string; defaultValue?: string }[] };
      }>(client, 'analyze_dockerfile', { content });
      expect(JSON.stringify(out)).not.toMatch(/hunter2xyz|s3cretpw|ghp_/);
      expect(Object.fromEntries(out.facts.env.map((e) => [e.name, e.value]))).toEqual({
        DB_PASSWORD: REDACTED,
        DATABASE_URL: 'postgres://u:***@db/x',
        KEYCLOAK_URL: 'http://keycloak:8080',
        PORT: '8080',
      });
      expect(out.facts.args).toEqual([expect.objectContaining({ name: 'GITHUB_TOKEN', defaultValue: REDACTED })]);
    } finally {
      await client.close();
    }
  });
});

describe('no false positive in what the built-in servers produce', () => {
  it('every generator that takes only the app returns the same result after redaction', async () => {
    const hub = new McpHub();
    const r = new Redactor();
    const changed: string[] = [];
    const db = (type: 'mysql' | 'mongodb' | 'redis') => ({ type, size: '1Gi', backup: true, instances: 2 });
    const apps = [
      blogApi(),
      blogApi({ components: [...COMPONENT_IDS], events: { kind: 'rabbitmq', evidence: 'amqplib' } }),
      blogApi({ database: db('mysql') }),
      blogApi({ database: db('mongodb') }),
      blogApi({ database: db('redis') }),
    ];
    try {
      for (const app of apps) {
        for (const server of hub.serverNames()) {
          for (const t of await hub.listTools(server).catch(() => [])) {
            const required = (t.inputSchema as { required?: string[] }).required ?? [];
            if (required.length !== 1 || required[0] !== 'app') continue;
            const out = await hub.callTool(server, t.name, { app });
            if (out.isError) continue;
            if (r.value(out.structured) !== out.structured || r.text(out.text) !== out.text)
              changed.push(`${server}/${t.name}`);
          }
        }
      }
    } finally {
      await hub.close();
    }
    expect(changed).toEqual([]);
  });
});

function diffLines(a: string, b: string): string[] {
  const bl = b.split('\n');
  return a.split('\n').filter((l, i) => l !== bl[i]);
}
