// Secret values from a Dockerfile (ENV DB_PASSWORD, ARG GITHUB_TOKEN, a URL password, an AWS
// secret key), from the user's own words and from the environment, followed through the
// built CLI: deploy, the session transcript and its blobs, JSON and Markdown exports, the
// manifests, and every request the model receives (FakeOpenAiServer stands in for the
// OpenAI API on 127.0.0.1 and records them). None of the values may appear anywhere;
// ordinary settings (KEYCLOAK_URL, PORT) stay readable.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../helpers/fake-openai.js';
import { runCli } from '../helpers/cli.js';

const GHP = `ghp_${'Zq8Lr2Vx9K'.repeat(4)}`;
const AWS = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SECRETS = ['hunter2xyz', GHP, 's3cretpw', AWS];
const PARENT_KEY = 'sk-parent-openai-key-0123456789';

const DOCKERFILE = [
  'FROM node:20-alpine',
  `ARG GITHUB_TOKEN=${GHP}`,
  'ENV DB_PASSWORD=hunter2xyz',
  'ENV DATABASE_URL=postgres://u:s3cretpw@db/x',
  `ENV AWS_SECRET_ACCESS_KEY=${AWS}`,
  'ENV KEYCLOAK_URL=http://keycloak:8080 PORT=8080',
  'WORKDIR /app',
  'EXPOSE 8080',
  'USER 10001',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

function project(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'kk-secrets-'));
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(
    join(dir, 'app-config.yaml'),
    [
      'apiVersion: kaptainkube.dev/v1',
      'kind: AppDeployment',
      'metadata:',
      '  name: leaky',
      'spec:',
      '  dockerfile: ./Dockerfile',
      '  image: ghcr.io/example/leaky:1.0.0',
      '',
    ].join('\n'),
  );
  const env = {
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    OPENAI_API_KEY: PARENT_KEY,
  };
  return { dir, env };
}

/** Every file under a directory, as text. */
function allText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out += statSync(p).isDirectory() ? allText(p) : `${readFileSync(p, 'utf8')}\n`;
  }
  return out;
}

function expectNoSecrets(where: string, text: string): void {
  for (const s of [...SECRETS, PARENT_KEY]) expect(text.includes(s), `${where} contains ${s.slice(0, 6)}…`).toBe(false);
}

let model: FakeOpenAiServer | undefined;
afterAll(async () => model?.stop());

describe('secret values through deploy, transcripts and exports', () => {
  it('deploy --generate-only leaves no Dockerfile secret in the session, its blobs, exports or manifests', async () => {
    const { dir, env } = project();
    const out = join(dir, 'out');
    const r = await runCli(['deploy', 'app-config.yaml', '--generate-only', '--output-dir', out, '--yes'], {
      cwd: dir,
      env,
    });
    expect(r.stderr).not.toMatch(/at .+\.m?js:\d+/);
    expect(r.code).toBe(0);
    expectNoSecrets('deploy output', r.stdout + r.stderr);
    expectNoSecrets('manifests', allText(out));

    const sessions = join(dir, 'data', 'kaptain-kube', 'sessions');
    const stored = allText(sessions);
    expectNoSecrets('transcript and blobs', stored);
    // The analysis is recorded, with the secret names and ordinary values intact.
    expect(stored).toContain('DB_PASSWORD');
    expect(stored).toContain('http://keycloak:8080');
    expect(stored).toContain('postgres://u:***@db/x');

    for (const format of ['json', 'markdown']) {
      const file = join(dir, `session-${format}`);
      const e = await runCli(['sessions', 'export', 'latest', '--format', format, '--output', file], { cwd: dir, env });
      expect(e.code).toBe(0);
      expectNoSecrets(`${format} export`, allTextOrFile(file));
    }
  });

  it('the model never receives them: not from the config, the tool results, its own arguments or the user', async () => {
    const { dir, env } = project();
    model = new FakeOpenAiServer((_req, i) =>
      i === 0
        ? {
            toolCalls: [
              { name: 'docker-analysis_analyze_dockerfile', arguments: JSON.stringify({ content: DOCKERFILE }) },
            ],
          }
        : { text: 'The Dockerfile bakes credentials into the image.' },
    );
    const baseURL = await model.start();
    const chat = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'yes'], {
      cwd: dir,
      env: { ...env, OPENAI_BASE_URL: baseURL, KAPTAIN_MODEL: 'scripted-model' },
      input: `deploy app-config.yaml, and clone with ${GHP} if you must\n`,
      timeoutMs: 60_000,
    });
    expect(chat.code).toBe(0);
    expect(model.requests.length).toBeGreaterThanOrEqual(2);
    const bodies = JSON.stringify(model.requests.map(({ headers: _h, ...body }) => body));
    expectNoSecrets('model requests', bodies);
    // The tool result did reach the model, redacted rather than dropped.
    const result = model.requests[1].messages.find((m) => m.role === 'tool');
    expect(result?.content).toContain('DB_PASSWORD');
    expect(result?.content).toContain('postgres://u:***@db/x');
    expect(bodies).toContain('KEYCLOAK_URL');
    expect(bodies).toContain('http://keycloak:8080');
    expectNoSecrets('transcript', allText(join(dir, 'data', 'kaptain-kube', 'sessions')));
  });
});

function allTextOrFile(p: string): string {
  return statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'utf8');
}
