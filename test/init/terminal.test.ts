// init on a real terminal (a pseudo-terminal from util-linux `script`; skipped where it is
// missing): without --yes it asks, Enter accepts the detected values and the file is
// written; Esc cancels and nothing is written.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { copyFixture } from './helpers.js';

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs `init` on a pseudo-terminal; each step waits for its text on the screen, then types its keys. */
function onTerminal(cwd: string, steps: [string, string][]): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} init`;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let screen = '';
    let step = 0;
    let from = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d) => {
      // Ink colours even with NO_COLOR; the markers are matched on the plain text.
      screen += String(d).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      while (step < steps.length) {
        const at = screen.indexOf(steps[step][0], from);
        if (at < 0) break;
        from = at + steps[step][0].length;
        child.stdin.write(steps[step++][1]);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)('init on a terminal', () => {
  it('without --yes asks for each value; Enter accepts the detected one and the file is written', async () => {
    const dir = copyFixture('blog-api');
    rmSync(join(dir, 'app-config.yaml'));
    const r = await onTerminal(dir, [
      ['› name: blog-api', '\r'],
      ['› namespace', '\r'],
      ['› ports', '\r'],
      ['› health path', '\r'],
    ]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain('wrote app-config.yaml');
    expect(readFileSync(join(dir, 'app-config.yaml'), 'utf8')).toContain('- port: 3000 # EXPOSE 3000 (Dockerfile:15)');
  });

  it('Esc cancels: exit 1, nothing written', async () => {
    const dir = copyFixture('blog-api');
    rmSync(join(dir, 'app-config.yaml'));
    const before = readdirSync(dir).sort();
    const r = await onTerminal(dir, [['› name: blog-api', '\u001b']]);
    expect(r.code, r.screen).toBe(1);
    expect(r.screen).toContain('Cancelled; nothing written.');
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
