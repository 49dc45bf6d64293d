// One writer per session: a lock file beside the transcript, created with O_EXCL and
// holding the writer's pid, host and start time. A lock whose holder is provably gone
// (see isStale) is taken over; the lock is released when the session closes, when the
// process exits, and on SIGINT/SIGTERM/SIGHUP.
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  boot: z.string().optional(),
});
export type LockHolder = z.infer<typeof holderSchema>;

/** The session is being written by another live process. */
export class SessionLocked extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the session is open in another process (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); close it there first, or delete ${lockPath} if that process is gone`,
    );
  }
}

export interface SessionLock {
  readonly path: string;
  release(): void;
}

export const lockPathOf = (transcript: string) => `${transcript.replace(/\.jsonl$/, '')}.lock`;

const held = new Map<string, LockHolder>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let hooked = false;

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', releaseAll);
  for (const sig of SIGNALS) {
    const onSignal = () => {
      releaseAll();
      process.removeListener(sig, onSignal);
      // Raised again without us: alone, it ends the process as it would have; exit hooks
      // that count listeners (Ink's signal-exit) held back while we listened and now act.
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function releaseAll(): void {
  for (const [path, me] of held) releaseIfMine(path, me);
  held.clear();
}

function releaseIfMine(path: string, me: LockHolder): void {
  const now = readHolder(path);
  if (now && now.pid === me.pid && now.startedAt === me.startedAt) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This boot of the machine (Linux): a lock from an earlier boot has no live holder. */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** When a process started, in ms since the epoch (Linux /proc), to tell a reused pid from the holder. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux architecture Node runs on.
    return Number.isFinite(ticks) && Number.isFinite(btime) ? btime * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A holder that is provably gone: on this host, and its pid is not running, or the machine
 * has rebooted since, or the pid now belongs to a process started after the lock was
 * taken. Other hosts cannot be checked.
 */
export function isStale(holder: LockHolder | undefined): boolean {
  if (!holder) return true;
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return true;
  if (!isAlive(holder.pid)) return true;
  const started = processStartMs(holder.pid);
  const locked = Date.parse(holder.startedAt);
  // A second of slack for clock granularity.
  return started !== undefined && Number.isFinite(locked) && started > locked + 1000;
}

/** Takes the lock for a transcript, or throws SessionLocked naming the live holder. */
export function lockSession(transcript: string): SessionLock {
  const path = lockPathOf(transcript);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), boot: bootId() };
  // Listening before the file exists: a SIGINT now waits for the lock to be recorded, then
  // releases it and ends the process, instead of killing it with the file left behind.
  hookProcessExit();
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      // An unreadable lock may be one being written this instant: stale only once it is old.
      if (!holder && ageMs(path) < 2000)
        throw new SessionLocked(path, { pid: 0, host: 'unknown', startedAt: 'just now' });
      if (holder && !isStale(holder)) throw new SessionLocked(path, holder);
      takeOverStale(path, holder);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    held.set(path, me);
    return {
      path,
      release() {
        if (held.get(path) !== me) return;
        held.delete(path);
        releaseIfMine(path, me);
      },
    };
  }
  const holder = readHolder(path);
  throw new SessionLocked(path, holder ?? { pid: 0, host: 'unknown', startedAt: 'unknown' });
}

/**
 * Moves a stale lock aside under a name of our own (rename is atomic, so of two processes
 * taking over only one gets it), then checks it was the stale one and not a fresh lock
 * taken meanwhile, which is put back.
 */
function takeOverStale(path: string, stale: LockHolder | undefined): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readHolder(aside);
  if (stale && moved && (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt)) {
    try {
      renameSync(aside, path);
    } catch {
      // best effort
    }
    return;
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}
