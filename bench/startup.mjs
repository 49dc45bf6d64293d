// Start-up benchmarks, each as a ratio to a bare `node -e ""` measured in the same run,
// interleaved (baseline, subject, baseline, subject, …) so load drift hits both alike.
// The chat is timed on a pseudo-terminal (util-linux `script`) until its first frame shows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => ms.toFixed(1);

export async function startupBench({ root, cli, runs }) {
  // Sessions and state go to a folder of the bench's own: a bench run leaves no sessions in the user's list.
  const home = mkdtempSync(join(tmpdir(), 'kk-bench-home-'));
  const env = { ...process.env, NO_COLOR: '1', XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state') };
  const time = (args) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  // Peak resident set of one run, from GNU time where it is installed.
  const peakRss = (args) => {
    if (!existsSync('/usr/bin/time')) return '';
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: root, env, encoding: 'utf8' });
    const kb = Number(r.stderr.trim().split('\n').at(-1));
    return Number.isFinite(kb) ? (kb / 1024).toFixed(0) : '';
  };
  const out = mkdtempSync(join(tmpdir(), 'kk-bench-'));
  let n = 0;
  const fixtures = readdirSync(join(root, 'fixtures'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'fixtures', d.name, 'app-config.yaml')))
    .map((d) => d.name);
  const blog = join('fixtures', 'blog-api', 'app-config.yaml');
  const cases = [
    { name: '--version', limit: 2, args: () => [cli, '--version'] },
    { name: '--help', limit: 2, args: () => [cli, '--help'] },
    { name: 'deploy --plan-only (blog-api)', limit: 5, args: () => [cli, 'deploy', blog, '--plan-only'] },
    ...fixtures.map((f) => ({
      name: `deploy --generate-only ${f}`,
      limit: 10,
      args: () => [
        cli,
        'deploy',
        join('fixtures', f, 'app-config.yaml'),
        '--generate-only',
        '--output-dir',
        join(out, String(n++)),
        '--yes',
      ],
    })),
  ];
  // BENCH_FILTER=regex keeps only the matching rows (e.g. 'chat|plan-only').
  const keep = (name) => !process.env.BENCH_FILTER || new RegExp(process.env.BENCH_FILTER).test(name);
  const rows = [];
  const load = loadavg()[0].toFixed(2);
  // Warm the compile cache and the file system once, as a user's second run would be.
  time(['-e', '']);
  for (const c of cases.filter((c) => keep(c.name))) {
    time(c.args());
    const base = [];
    const t = [];
    for (let i = 0; i < runs; i++) {
      base.push(time(['-e', '']));
      t.push(time(c.args()));
    }
    const ratio = median(t) / median(base);
    rows.push({
      command: c.name,
      node_ms: fmt(median(base)),
      ms: fmt(median(t)),
      ratio: ratio.toFixed(2),
      limit: c.limit.toFixed(2),
      ok: ratio <= c.limit ? 'yes' : 'NO',
      peak_rss_mib: peakRss(c.args()),
    });
  }
  const chat = keep('chat, first frame on a pty') && (await chatFirstFrame({ root, cli, runs, env }));
  if (chat)
    rows.push({
      command: 'chat, first frame on a pty',
      node_ms: fmt(chat.base),
      ms: fmt(chat.ms),
      ratio: (chat.ms / chat.base).toFixed(2),
      limit: '10.00',
      ok: chat.ms / chat.base <= 10 ? 'yes' : 'NO',
      peak_rss_mib: chat.rss,
    });
  rmSync(out, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  console.log(
    `\nstart-up vs bare node start (median of ${runs}, interleaved, same run; load average ${load} → ${loadavg()[0].toFixed(2)} on ${process.platform})`,
  );
  console.table(rows);
  return rows.every((r) => r.ok === 'yes');
}

/** Milliseconds until `chat` has drawn its first frame (the header) on a pseudo-terminal. */
async function chatFirstFrame({ root, cli, runs, env }) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/script')) {
    console.log('chat first frame: skipped (needs util-linux script)');
    return undefined;
  }
  const home = mkdtempSync(join(tmpdir(), 'kk-bench-home-'));
  const cwd = mkdtempSync(join(tmpdir(), 'kk-bench-cwd-'));
  const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  // `exec` makes node the pty's own process, so its peak RSS can be read while it runs.
  const command = `exec ${q(process.execPath)} ${q(cli)} chat --llm-provider rules`;
  const once = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const child = spawn('/usr/bin/script', ['-qfc', command, '/dev/null'], {
        cwd,
        env: {
          ...env,
          NO_COLOR: '',
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          XDG_DATA_HOME: join(home, '.local/share'),
          COLUMNS: '100',
          LINES: '30',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let seen = '';
      let done = false;
      const timer = setTimeout(
        () => finish(new Error(`no first frame within 20 s: ${JSON.stringify(seen.slice(-400))}`)),
        20_000,
      );
      function finish(err, ms, rss) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        child.kill('SIGTERM');
        child.on('close', () => (err ? reject(err) : resolve({ ms, rss })));
      }
      child.stdout.on('data', (d) => {
        seen += d.toString('utf8');
        // The header's product name is the first thing the chat draws.
        if (!done && seen.includes('KaptainKube')) {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          finish(undefined, ms, rssOf(child.pid));
        }
      });
      child.on('error', (e) => finish(e));
      child.on('exit', (code) =>
        finish(new Error(`chat exited ${code} before its first frame: ${JSON.stringify(seen.slice(-400))}`)),
      );
    });
  const base = [];
  const t = [];
  let rss = '';
  const bare = () => {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', ''], { env });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  await once();
  for (let i = 0; i < runs; i++) {
    base.push(bare());
    const r = await once();
    t.push(r.ms);
    rss = r.rss || rss;
  }
  rmSync(home, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
  return { base: median(base), ms: median(t), rss };
}

function rssOf(scriptPid) {
  try {
    const kids = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/);
    const status = readFileSync(`/proc/${kids[0]}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} (at first frame)` : '';
  } catch {
    return '';
  }
}
