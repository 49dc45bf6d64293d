// Starts `kaptain-kube mcp serve … --http` as a child process on a free port and waits
// for its "serving … at URL" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, REPO } from './cli.js';

export async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; urls: string[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'mcp', 'serve', ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const urls: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mcp serve did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d) => {
      err += d;
      for (const m of err.matchAll(/serving \S+ at (\S+)/g)) if (!urls.includes(m[1])) urls.push(m[1]);
      if (urls.length > 0 && (!args.includes('all') || urls.length >= 10 || !args.includes('--ports-from'))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`mcp serve exited ${code}: ${err}`)));
  });
  return {
    child,
    urls,
    stop: () =>
      new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}
