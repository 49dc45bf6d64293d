// Scripted chat: an edit is checked against the tool's input schema before anything runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('piped chat edits', () => {
  it('e {"bogus": 1} is refused with the schema error, and the call waits for a decision again', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kk-chat-edit-'));
    const env = {
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CONFIG_HOME: join(home, 'config'),
    };
    // Approve the Dockerfile analysis, then try a bad edit on the Deployment and reject it.
    const r = await runCli(['chat', '--approval', 'ask'], {
      env,
      input: 'deploy fixtures/blog-api/app-config.yaml\ny\ne {"bogus": 1}\nn not now\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /refused: the edited arguments do not fit k8s-manifest-generator\/generate_deployment: .*app/,
    );
    // The bad arguments never ran: the Deployment was rejected, not edited.
    expect(r.stdout).toContain('rejected: not now');
    expect(r.stdout).not.toContain('bogus');
    const show = await runCli(['sessions', 'show', 'latest'], { env });
    expect(show.stdout).not.toMatch(/edit by user/);
  }, 120_000);

  it('a decision made by the policy names the tool it approved', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kk-chat-policy-'));
    const env = {
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CONFIG_HOME: join(home, 'config'),
    };
    const r = await runCli(['chat', '--approval', 'yes'], { env, input: 'deploy fixtures/blog-api/app-config.yaml\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('approve docker-analysis/analyze_dockerfile (approved by policy "yes")');
  }, 120_000);
});
