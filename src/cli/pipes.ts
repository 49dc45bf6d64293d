// A closed stdout ends any command quietly. `kaptain-kube sessions list | head -1`: once
// the reader has gone, nothing more we print can be seen, so the command stops at once
// with exit 0 — the reader chose to stop, which is not the command failing, and a
// pipeline under `set -o pipefail` stays green (a shell reports a process killed by
// SIGPIPE as 141, which is what Node's default would otherwise turn into a stack trace).
// An exit status already set (a failure before the pipe closed) is kept.
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function endQuietlyOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!CLOSED.has(err.code ?? '')) throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
