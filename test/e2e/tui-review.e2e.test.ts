// Reviewing a call in a real terminal: tmux runs the built CLI at 80×24. Typed commands
// never turn into approval keys; an edit is shown again and needs its own y.
// Skips itself, visibly, when tmux is not installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli.js';
import { readTranscript } from '../../src/sessions/store.js';
import { BlobStore } from '../../src/sessions/blobs.js';
import type { EventOf, SessionEvent } from '../../src/sessions/events.js';
import { pagerLines } from '../../src/ui/pager.js';

const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const home = mkdtempSync(join(tmpdir(), 'kk-review-'));
const socket = join(home, 'tmux.sock');
// ScriptedEditor: stands in for $EDITOR; sets the app's image in the arguments JSON it is given.
const editor = join(home, 'edit-image.sh');
writeFileSync(
  editor,
  `#!/bin/sh\nexec '${process.execPath}' -e 'const f=process.argv[1];const fs=require("fs");const a=JSON.parse(fs.readFileSync(f,"utf8"));a.app.image="registry.example.com/edited:2";fs.writeFileSync(f,JSON.stringify(a))' "$1"\n`,
);
chmodSync(editor, 0o755);
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
  KUBECONFIG: join(home, 'no-kubeconfig'),
  NO_COLOR: '1',
  TERM: 'xterm-256color',
  EDITOR: editor,
  VISUAL: '',
};
const t = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });

/** Runs the CLI under sh, which prints the exit status as any shell reports it ($?). */
function start(name: string, args: string[]): void {
  const envs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const q = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const cmd = `sh -c ${q(`${['env', ...envs, process.execPath, CLI, ...args].map(q).join(' ')}; echo "exit status $?"`)}`;
  const r = t('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', REPO, cmd);
  if (r.status !== 0) throw new Error(r.stderr);
  t('set-option', '-t', name, 'remain-on-exit', 'on');
}
const screen = (name: string) => t('capture-pane', '-p', '-t', name).stdout;
/** The screen with what scrolled off it. */
const history = (name: string) => t('capture-pane', '-p', '-S', '-500', '-t', name).stdout;
/** The screen with wrapped lines joined again. */
const joined = (name: string) => t('capture-pane', '-p', '-J', '-t', name).stdout;
const keys = (name: string, ...k: string[]) => t('send-keys', '-t', name, ...k);
async function waitFor(name: string, re: RegExp, what: string, ms = 30_000, read = screen): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = read(name);
    if (re.test(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
}
function transcript(): SessionEvent[] {
  const dir = join(home, 'data', 'kaptain-kube', 'sessions');
  const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
  return readTranscript(join(dir, file), new BlobStore(join(dir, file.replace(/\.jsonl$/, '.blobs'))));
}

afterAll(() => {
  if (tmux) t('kill-server');
});

describe.skipIf(!tmux)('reviewing a call in tmux at 80×24 (install tmux to run)', () => {
  it('/plan and /permissions run while a card waits; an edit shows its new diff and needs a second y; /clear; Ctrl+C twice is 130 and resume returns to the card', async () => {
    // Generate-only: a run that applies needs a cluster before its first card.
    start('rv', [
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--interactive',
      '--generate-only',
      '--output-dir',
      join(home, 'out'),
    ]);
    await waitFor('rv', /approve\? y yes/, 'the first approval card', 120_000);
    // Every letter of these is also an approval key; typed after "/" they are a command.
    keys('rv', '-l', '/plan');
    await waitFor('rv', /› \/plan/, 'the typed /plan');
    keys('rv', 'Enter');
    await waitFor('rv', /Plan for blog-api/, 'the plan', 30_000, history);
    keys('rv', '-l', '/permissions');
    keys('rv', 'Enter');
    const after = await waitFor('rv', /no session rules/, 'the permissions answer');
    expect(after).toContain('docker-analysis/analyze_dockerfile');
    expect(after).toContain('0 approved');
    expect(history('rv')).not.toMatch(/✓ (always )?allowed|✓ approved/);

    keys('rv', 'y');
    const card = await waitFor('rv', /k8s-manifest-generator\/generate_deployment/, 'the deployment card');
    // The card sums up each file; d opens the whole diff full-height.
    expect(card).toMatch(/ \+\d{3} −0 k8s-manifests\/04-deployment\.yaml \(added\)/);
    const proposed = transcript().find(
      (e) => e.type === 'tool.proposed' && e.tool === 'generate_deployment',
    ) as EventOf<'tool.proposed'>;
    const lines = pagerLines(proposed.diff!);
    expect(lines.length).toBeGreaterThan(100);
    keys('rv', 'd');
    await waitFor('rv', /generate_deployment · lines 1–21 of \d+/, 'the pager');
    keys('rv', 'G');
    const end = await waitFor('rv', /\(end\)/, 'the last page');
    const rows = end.split('\n');
    // The last line of the diff is the last one drawn above the key line, and nothing was cut at 80 columns.
    expect(
      rows
        .filter((r) => r.trim())
        .at(-2)
        ?.trimEnd(),
    ).toBe(lines.at(-1)!.text.slice(0, 80).trimEnd());
    expect(rows.every((r) => r.length <= 80)).toBe(true);
    writeFileSync(join(home, 'pager-end.txt'), end);
    keys('rv', '/');
    keys('rv', '-l', 'readinessProbe');
    await waitFor('rv', /^\/readinessProbe/m, 'the typed search');
    keys('rv', 'Enter');
    const found = await waitFor('rv', /search wrapped to the top|readinessProbe:/, 'the match');
    expect(found).toMatch(/\+\s+readinessProbe:/);
    keys('rv', 'q');
    await waitFor('rv', /approve\? y yes/, 'the card again');
    keys('rv', 'e');
    const edited = await waitFor('rv', /edited: review the new diff/, 'the revised card');
    expect(edited).toContain('k8s-manifest-generator/generate_deployment');
    expect(edited).toContain('1 approved');
    const revised = transcript().find((e) => e.type === 'tool.revised') as EventOf<'tool.revised'> | undefined;
    expect(revised?.diff?.map((d) => d.patch).join('\n')).toContain('image: registry.example.com/edited:2');
    expect(transcript().filter((e) => e.type === 'tool.decided')).toHaveLength(1);
    keys('rv', 'y');
    await waitFor('rv', /edited and approved k8s-manifest-generator\/generate_deployment/, 'the second approval');
    expect(transcript().find((e) => e.type === 'tool.decided' && e.decision === 'edit')).toMatchObject({
      args: { app: { image: 'registry.example.com/edited:2' } },
    });

    // Ctrl+C twice on the next card: exit status 130, and the printed command comes back to that card.
    const next = await waitFor('rv', /approve\? y yes/, 'the next card');
    const decidedBefore = transcript().filter((e) => e.type === 'tool.decided').length;
    const waiting = next.match(/│ (\S+\/\S+) \[/)?.[1];
    expect(waiting).toBeTruthy();
    // /clear while the card waits: earlier output leaves the screen and the scrollback; the card stays.
    expect(history('rv')).toContain('edited and approved');
    keys('rv', '-l', '/clear');
    keys('rv', 'Enter');
    const cleared = await waitFor(
      'rv',
      /^(?![\s\S]*edited and approved)[\s\S]*approve\? y yes/,
      'a cleared screen',
      30_000,
      history,
    );
    expect(cleared).not.toContain('Plan for blog-api');
    expect(cleared).toContain(`│ ${waiting} [`);
    expect(transcript().filter((e) => e.type === 'tool.decided')).toHaveLength(decidedBefore);
    keys('rv', 'C-c');
    await waitFor('rv', /press Ctrl\+C again/, 'the quit warning');
    keys('rv', 'C-c');
    const bye = await waitFor(
      'rv',
      /Resume: kaptain-kube .*--resume \d{8}-\d{6}-[0-9a-f]{4}/,
      'the resume command',
      30_000,
      joined,
    );
    // 130 whether the program exits with it or the interrupt ends it while it winds down.
    await waitFor('rv', /exit status 130/, 'the exit status', 30_000, joined);
    const resume = bye
      .match(/Resume: kaptain-kube (.*--resume \S+)/)![1]
      .trim()
      .split(/\s+/);
    start('rv2', resume);
    const again = await waitFor('rv2', /approve\? y yes/, 'the card after resume', 120_000);
    expect(again).toContain(`│ ${waiting} [`);
    keys('rv2', 'C-c');
    keys('rv2', 'C-c');
  }, 300_000);
});
