// Sessions on disk: one JSONL transcript per session, one line per event written as
// it happens, large values in a content-addressed blob folder beside it, secrets
// redacted before anything is written. A torn last line (a crash mid-write) is
// dropped on read.
//
// Durability is a group commit: every event is written to the file at once, so it
// survives the process being killed; fsync, which makes it survive the machine
// losing power, runs at most SYNC_DELAY_MS later, and at once whenever the engine
// reaches a point that must not be lost (a call waiting for a person, a call about
// to change the world) or the session closes. One fsync per event cost a
// generation run as much time as all of its manifest generators together.
import {
  closeSync,
  existsSync,
  statSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sessionEventSchema, type EventSink, type NewEvent, type SessionEvent } from './events.js';
import { BlobStore } from './blobs.js';
import { summarizeTranscript, type TranscriptSummary } from './summary.js';
import { parseTranscriptLine, TranscriptError } from './transcript-line.js';
import { newSessionId, sessionsDir, SESSION_ID } from './paths.js';
import { Redactor } from './redact.js';
import { isStale, lockPathOf, lockSession, readHolder, SessionLocked, type SessionLock } from './lock.js';

/** Event fields that may be large, stored as blobs when they are. */
const PACKED_FIELDS: ReadonlySet<string> = new Set([
  'args',
  'diff',
  'structured',
  'files',
  'text',
  'inputs',
  'content',
]);

/** The longest an appended event waits for its fsync. */
export const SYNC_DELAY_MS = 100;

export class SessionNotFound extends Error {}

export { TranscriptError };

export class SessionFile implements EventSink {
  private fd: number | undefined;
  private seq: number;
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private fsyncs = 0;
  private lock: SessionLock | undefined;
  readonly blobs: BlobStore;

  constructor(
    readonly id: string,
    readonly path: string,
    private redactor: Redactor,
    lastSeq: number,
    private readonly clock: () => string = () => new Date().toISOString(),
  ) {
    this.seq = lastSeq + 1;
    this.blobs = new BlobStore(`${path.replace(/\.jsonl$/, '')}.blobs`);
  }

  /** This file is the session's only writer until close() (see lock.ts). */
  holdLock(lock: SessionLock): void {
    this.lock = lock;
  }

  addSecrets(values: Iterable<string>): void {
    this.redactor = this.redactor.with(values);
  }

  async append(event: NewEvent): Promise<SessionEvent> {
    const full = this.redactor.value({ ...event, seq: this.seq, at: this.clock() }) as SessionEvent;
    const line = `${this.blobs.line(full as unknown as Record<string, unknown>, PACKED_FIELDS)}\n`;
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'a+');
      dropTornTail(this.fd);
    }
    writeSync(this.fd, line);
    this.seq++;
    this.unsynced = true;
    // unref: a pending fsync never keeps the process alive; close() syncs what is left.
    this.syncTimer ??= setTimeout(() => this.sync(), SYNC_DELAY_MS).unref();
    return full;
  }

  /** Makes every event appended so far durable (fsync); cheap when nothing is pending. */
  sync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (this.fd === undefined || !this.unsynced) return;
    fsyncSync(this.fd);
    this.unsynced = false;
    this.fsyncs++;
  }

  /** fsync calls made so far: what the group commit saves is visible, and testable. */
  get syncs(): number {
    return this.fsyncs;
  }

  /** Every event, blobs resolved. */
  read(): SessionEvent[] {
    return readTranscript(this.path, this.blobs);
  }

  close(): void {
    try {
      this.sync();
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
    } finally {
      this.lock?.release();
      this.lock = undefined;
    }
  }
}

function dropTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const probe = Buffer.alloc(Math.min(size, 64 * 1024));
  readSync(fd, probe, 0, probe.length, size - probe.length);
  const lastNewline = probe.lastIndexOf(0x0a);
  if (lastNewline === probe.length - 1) return;
  ftruncateSync(fd, lastNewline === -1 ? size - probe.length : size - probe.length + lastNewline + 1);
}

export function readTranscript(path: string, blobs: BlobStore): SessionEvent[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const events: SessionEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const raw = parseTranscriptLine(path, lines, i);
    if (raw === undefined) break;
    let unpacked: unknown;
    try {
      unpacked = blobs.unpack(raw as Record<string, unknown>);
    } catch (err) {
      throw new TranscriptError(
        `${path}:${i + 1}:1: a stored value it refers to is missing or damaged (${(err as Error).message})`,
      );
    }
    const parsed = sessionEventSchema().safeParse(unpacked);
    if (!parsed.success)
      throw new TranscriptError(
        `${path}:${i + 1}:1: not a valid event (${parsed.error.issues[0]?.message ?? 'unknown'})`,
      );
    events.push(parsed.data);
  }
  return events;
}

export interface SessionSummary {
  id: string;
  name?: string;
  command: string;
  startedAt: string;
  events: number;
  pending: boolean;
  ended?: string;
  path: string;
  /** Why the transcript cannot be read (FILE:LINE: …); the other fields are then empty. */
  corrupt?: string;
  /** The pid of a live process writing the session now. */
  inUseBy?: number;
  /** open, awaiting approval, succeeded, failed, ended (before statuses were recorded), corrupt, in use. */
  status: SessionStatus;
  /** Why a failed run failed. */
  error?: string;
  /** The folder of the AppDeployment the session worked on (usually the app's). */
  app?: string;
  /** Transcript plus stored results, in bytes. */
  bytes: number;
}

type SessionStatus = 'open' | 'awaiting approval' | 'succeeded' | 'failed' | 'ended' | 'corrupt' | 'in use';

/** Bytes a session holds on disk: the transcript and its blob folder. */
function sizeOf(dir: string, id: string): number {
  const file = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  let bytes = file(join(dir, `${id}.jsonl`));
  try {
    for (const b of readdirSync(join(dir, `${id}.blobs`))) bytes += file(join(dir, `${id}.blobs`, b));
  } catch {
    // no stored results
  }
  return bytes;
}

export class SessionStore {
  readonly dir: string;
  constructor(
    dir: string = sessionsDir(),
    private readonly redactor: Redactor = new Redactor(),
  ) {
    this.dir = dir;
  }

  create(opts: { now?: Date; lock?: boolean } = {}): SessionFile {
    mkdirSync(this.dir, { recursive: true });
    let id = newSessionId(opts.now);
    while (existsSync(this.pathOf(id)) || existsSync(lockPathOf(this.pathOf(id)))) id = newSessionId(opts.now);
    const file = new SessionFile(id, this.pathOf(id), this.redactor, -1);
    if (opts.lock) file.holdLock(lockSession(file.path));
    return file;
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  ids(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl') && SESSION_ID.test(f.slice(0, -6)))
      .map((f) => f.slice(0, -6))
      .sort();
  }

  /** An id, a unique id prefix, a session name, or "latest". */
  resolve(ref: string): string {
    const ids = this.ids();
    if (ref === 'latest') {
      const last = ids.at(-1);
      if (!last) throw new SessionNotFound(`there are no sessions in ${this.dir}`);
      return last;
    }
    if (ids.includes(ref)) return ref;
    const byPrefix = ids.filter((id) => id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0];
    const byName = this.list().filter((s) => s.name === ref);
    if (byName.length > 0) return byName.at(-1)!.id;
    throw new SessionNotFound(
      byPrefix.length > 1
        ? `"${ref}" matches ${byPrefix.length} sessions; give more of the id`
        : `no session "${ref}" in ${this.dir} (see: kaptain-kube sessions list)`,
    );
  }

  open(ref: string): { file: SessionFile; events: SessionEvent[] } {
    const id = this.resolve(ref);
    const path = this.pathOf(id);
    const probe = new SessionFile(id, path, this.redactor, -1);
    const events = probe.read();
    return { file: new SessionFile(id, path, this.redactor, events.at(-1)?.seq ?? -1), events };
  }

  /**
   * Opens a session to append to. One writer at a time: throws SessionLocked while another
   * live process has it open. The lock is taken before the transcript is read, so no
   * event can slip in between.
   */
  openForWriting(ref: string): { file: SessionFile; events: SessionEvent[] } {
    const id = this.resolve(ref);
    const lock = lockSession(this.pathOf(id));
    try {
      const opened = this.open(id);
      opened.file.holdLock(lock);
      return opened;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Every session; a damaged transcript is listed as corrupt and does not hide the others. */
  list(): SessionSummary[] {
    return this.ids().map((id) => {
      const path = this.pathOf(id);
      let t: TranscriptSummary;
      try {
        t = summarizeTranscript(path, new BlobStore(`${path.replace(/\.jsonl$/, '')}.blobs`));
      } catch (err) {
        return {
          id,
          command: 'unknown',
          startedAt: '',
          events: 0,
          pending: false,
          path,
          corrupt: (err as Error).message,
          status: 'corrupt',
          bytes: sizeOf(this.dir, id),
        };
      }
      const holder = readHolder(lockPathOf(path));
      const inUseBy = holder && !isStale(holder) ? holder.pid : undefined;
      const end = t.ended;
      return {
        id,
        inUseBy,
        status: inUseBy ? 'in use' : t.pending ? 'awaiting approval' : end ? (end.status ?? 'ended') : 'open',
        error: end?.error,
        app: t.configPath ? basename(dirname(t.configPath)) : undefined,
        bytes: sizeOf(this.dir, id),
        name: t.name,
        command: t.command ?? 'unknown',
        startedAt: t.startedAt ?? '',
        events: t.events,
        pending: t.pending,
        ended: end?.reason,
        path,
      };
    });
  }

  /**
   * Removes sessions started before `olderThanMs` ago, and beyond the newest `keep`.
   * Sessions in use, awaiting approval or unreadable stay: they are someone's to look at.
   */
  prune(opts: { olderThanMs?: number; keep?: number; now?: number; dryRun?: boolean }): string[] {
    const now = opts.now ?? Date.now();
    const all = this.list().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const removable = all.filter(
      (s) => s.status !== 'in use' && s.status !== 'awaiting approval' && s.status !== 'corrupt',
    );
    const doomed = new Set<string>();
    if (opts.olderThanMs !== undefined)
      for (const s of removable) if (now - Date.parse(s.startedAt) > opts.olderThanMs) doomed.add(s.id);
    if (opts.keep !== undefined)
      for (const s of all.slice(0, Math.max(0, all.length - opts.keep))) if (removable.includes(s)) doomed.add(s.id);
    if (!opts.dryRun) for (const id of doomed) this.delete(id);
    return [...doomed].sort();
  }

  delete(ref: string): string {
    const id = this.resolve(ref);
    // A session being written elsewhere is not pulled from under its writer.
    const lockPath = lockPathOf(this.pathOf(id));
    const holder = existsSync(lockPath) ? readHolder(lockPath) : undefined;
    if (holder && !isStale(holder)) throw new SessionLocked(lockPath, holder);
    rmSync(lockPath, { force: true });
    rmSync(this.pathOf(id), { force: true });
    rmSync(join(this.dir, `${id}.blobs`), { recursive: true, force: true });
    return id;
  }
}
