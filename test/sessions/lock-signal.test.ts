// A SIGINT that arrives while the session lock is being taken or released: the lock file
// is gone afterwards and the process still ends by the signal (nothing swallows it).
// The signal is raised from inside the lock's own file calls, so the timing is exact.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const LOCK_JS = pathToFileURL(join(REPO, 'dist', 'src', 'sessions', 'lock.js')).href;

/** Runs a child that takes (and maybe releases) a lock, raising SIGINT inside the named fs call. */
function interrupted(during: 'writeSync' | 'unlinkSync', release: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'kk-lock-signal-'));
  const transcript = join(dir, 's.jsonl');
  const script = join(dir, 'child.mjs');
  writeFileSync(
    script,
    `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const real = fs.${during};
fs.${during} = (...a) => {
  fs.${during} = real;
  syncBuiltinESMExports();
  process.kill(process.pid, 'SIGINT');
  return real(...a);
};
syncBuiltinESMExports();
const { lockSession } = await import(${JSON.stringify(LOCK_JS)});
const lock = lockSession(${JSON.stringify(transcript)});
${release ? 'lock.release();' : ''}
setTimeout(() => { console.log('still running'); process.exit(0); }, 3000);
`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
  return { ...r, lockLeft: existsSync(join(dir, 's.lock')) };
}

describe('the session lock and SIGINT', () => {
  it('a SIGINT while the lock is being taken leaves no lock behind and still ends the process', () => {
    const r = interrupted('writeSync', false);
    expect(r.lockLeft).toBe(false);
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).not.toContain('still running');
  });

  it('a SIGINT while the lock is being released is not swallowed', () => {
    const r = interrupted('unlinkSync', true);
    expect(r.lockLeft).toBe(false);
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).not.toContain('still running');
  });
});
