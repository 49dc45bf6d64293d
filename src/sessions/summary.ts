// What `sessions list` shows of a session, read from its transcript's lines alone. The
// stored results (blobs) stay closed and events are not checked against their schema, so
// listing hundreds of sessions reads what their transcripts hold — kilobytes each — not
// the hundreds of megabytes of results beside them. A line that is not an event still
// marks the session corrupt (FILE:LINE); subtler damage is found by show and resume,
// which read a session whole.
import { readFileSync } from 'node:fs';
import type { BlobStore } from './blobs.js';
import { parseTranscriptLine, TranscriptError } from './transcript-line.js';

export interface TranscriptSummary {
  command?: string;
  name?: string;
  startedAt?: string;
  configPath?: string;
  events: number;
  /** A call proposed and not decided: the session waits for approval. */
  pending: boolean;
  ended?: { reason?: string; status?: 'succeeded' | 'failed'; error?: string };
}

type Line = Record<string, unknown> & { type: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `{"type":"tool.decided","callId":"call-0003",…`: the head the store writes each event with. */
const HEAD = /^\{"type":"([a-z.]+)"(?:,"callId":"([^"\\]*)")?/;
/** The events whose other fields a listing shows. */
const PARSED = new Set(['session.started', 'session.ended']);
/** The events whose call id it counts by. */
const CALLS = new Set(['tool.proposed', 'tool.decided']);

/** Throws TranscriptError (FILE:LINE:1) for a line that is not an event; a torn last line ends the read. */
export function summarizeTranscript(path: string, blobs: BlobStore): TranscriptSummary {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: TranscriptSummary = { events: 0, pending: false };
  const open = new Set<unknown>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    // Most lines need only their type (and call id), which the store writes first: those
    // are read from the line's head. A line whose head is not that, or that does not end
    // as an object does, is parsed, and reported when it is not JSON.
    const head = HEAD.exec(line);
    const [, type, callId] = head ?? [];
    if (head && line.endsWith('}') && !PARSED.has(type) && (callId !== undefined || !CALLS.has(type))) {
      out.events++;
      if (type === 'tool.proposed') open.add(callId);
      else if (type === 'tool.decided') open.delete(callId);
      continue;
    }
    const e = parseTranscriptLine(path, lines, i) as Line | undefined;
    if (e === undefined) break;
    if (!e || typeof e !== 'object' || typeof e.type !== 'string')
      throw new TranscriptError(`${path}:${i + 1}:1: not a valid event (it has no type)`);
    out.events++;
    if (e.type === 'session.started' && out.command === undefined) {
      // The inputs may be stored apart when large: the one result a listing opens.
      const inputs = blobs.unpack(e).inputs as { configPath?: unknown } | undefined;
      Object.assign(out, {
        command: str(e.command),
        name: str(e.name),
        startedAt: str(e.at),
        configPath: str(inputs?.configPath),
      });
    } else if (e.type === 'session.ended' && !out.ended) {
      const status = e.status === 'succeeded' || e.status === 'failed' ? e.status : undefined;
      out.ended = { reason: str(e.reason), status, error: str(e.error) };
    } else if (e.type === 'tool.proposed') open.add(e.callId);
    else if (e.type === 'tool.decided') open.delete(e.callId);
  }
  out.pending = open.size > 0;
  return out;
}
