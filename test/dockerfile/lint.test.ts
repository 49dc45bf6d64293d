import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../src/dockerfile/lint.js';
import { runCli, REPO } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kk-df-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('validate-dockerfile: bad inputs with PATH:LINE:COL and rule ids', () => {
  const cases: [string, string, string][] = [
    ['latest base', 'FROM node:latest\nUSER 1000\nCMD ["node"]\n', ':1:1: warning KK-DF-001'],
    ['untagged base', 'FROM python\nUSER 1000\nCMD ["python"]\n', ':1:1: warning KK-DF-001'],
    ['root user', 'FROM node:22\nUSER root\nCMD ["node"]\n', ':2:1: error KK-DF-002'],
    ['no user', 'FROM node:22\nCMD ["node"]\n', ':1:1: warning KK-DF-003'],
    [
      'apt without no-install-recommends',
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER 1\n',
      ':2:1: warning KK-DF-004',
    ],
    [
      'apt lists kept',
      'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\nUSER 1\n',
      ':2:1: info KK-DF-005',
    ],
    ['ADD local file', 'FROM node:22\nADD app.js /app/\nUSER 1\n', ':2:1: warning KK-DF-006'],
    ['server without HEALTHCHECK', 'FROM node:22\nUSER 1\nEXPOSE 8080\n', ':3:1: warning KK-DF-007'],
    ['secret in ENV', 'FROM node:22\nENV API_TOKEN=abc123\nUSER 1\n', ':2:1: error KK-DF-008'],
    ['shell-form CMD', 'FROM node:22\nUSER 1\nCMD node server.js\n', ':3:1: warning KK-DF-009'],
    ['relative WORKDIR', 'FROM node:22\nWORKDIR app\nUSER 1\n', ':2:1: warning KK-DF-010'],
    ['two CMDs', 'FROM node:22\nUSER 1\nCMD ["a"]\nCMD ["b"]\n', ':3:1: warning KK-DF-011'],
    ['sudo', 'FROM debian:12\nRUN sudo apt-get update\nUSER 1\n', ':2:1: error KK-DF-012'],
    ['curl | sh', 'FROM debian:12\nRUN curl -fsSL https://x.example/i.sh | sh\nUSER 1\n', ':2:1: error KK-DF-013'],
    ['invalid EXPOSE', 'FROM node:22\nUSER 1\nEXPOSE 99999\n', ':3:8: error KK-DF-014'],
    ['cd in RUN', 'FROM node:22\nRUN cd /app && npm ci\nUSER 1\n', ':2:1: warning KK-DF-015'],
    ['COPY from unknown stage', 'FROM node:22\nCOPY --from=builder /a /b\nUSER 1\n', ':2:1: error KK-DF-018'],
    ['unknown instruction', 'FROM node:22\nFROBNICATE x\nUSER 1\n', ':2:1: error KK-DF-020'],
  ];
  it.each(cases)('%s', async (name, text, expected) => {
    const p = file(`${name.replace(/\W+/g, '-')}.Dockerfile`, text);
    const r = await runCli(['validate-dockerfile', p]);
    expect(r.stdout).toContain(`${p}${expected}`);
    expect(r.code).toBe(expected.includes('error') ? 1 : 0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('unreadable input or no FROM exits 2 with the position', async () => {
    const none = await runCli(['validate-dockerfile', join(dir, 'missing')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no such file');
    const noFrom = await runCli(['validate-dockerfile', file('nofrom', 'RUN echo hi\n')]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/nofrom:1:1: no FROM instruction/);
  });

  it('the bundled fixtures have no errors', () => {
    for (const f of [
      'blog-api',
      'user-service',
      'image-classifier',
      'python-api',
      'static-site',
      'queue-worker',
      'kaptain-mcp-servers',
    ]) {
      const text = readFileSync(join(REPO, 'fixtures', f, 'Dockerfile'), 'utf8');
      expect(
        lintDockerfile(text).filter((x) => x.severity === 'error'),
        f,
      ).toEqual([]);
    }
  });

  it('--output json lists findings', async () => {
    const r = await runCli([
      'validate-dockerfile',
      file('j.Dockerfile', 'FROM node:22\nENV DB_PASSWORD=hunter2\n'),
      '--output',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.errors).toBe(1);
    expect(j.findings.find((f: { rule: string }) => f.rule === 'KK-DF-008')).toMatchObject({ line: 2, col: 1 });
  });
});
