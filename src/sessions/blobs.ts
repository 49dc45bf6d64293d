// Large values (tool results, generated files, diffs) are stored once by content hash
// beside the transcript and referenced from events, so a long session stays small.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const BLOB_THRESHOLD = 2048;

export interface BlobRef {
  $blob: string;
}

function isBlobRef(v: unknown): v is BlobRef {
  return (
    !!v && typeof v === 'object' && typeof (v as BlobRef).$blob === 'string' && Object.keys(v as object).length === 1
  );
}

export class BlobStore {
  /** Values by hash: each one this store wrote or read, so its file is known to be whole on disk. */
  private readonly cache = new Map<string, unknown>();
  constructor(readonly dir: string) {}

  /** Stores a value; `text` is its JSON when the caller has it already. */
  put(value: unknown, text: string = JSON.stringify(value)): BlobRef {
    const hash = createHash('sha256').update(text).digest('hex');
    // A session has one writer (see lock.ts): a blob it has seen needs no look at the disk.
    if (!this.cache.has(hash)) this.write(join(this.dir, `${hash}.json`), text);
    this.cache.set(hash, value);
    return { $blob: hash };
  }

  private write(file: string, text: string): void {
    if (existsSync(file)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text);
    } catch (err) {
      // The folder is made with the first blob; trying first saves a mkdir per blob.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, text);
    }
    renameSync(tmp, file);
  }

  get(ref: BlobRef): unknown {
    if (this.cache.has(ref.$blob)) return this.cache.get(ref.$blob);
    const value = JSON.parse(readFileSync(join(this.dir, `${ref.$blob}.json`), 'utf8')) as unknown;
    this.cache.set(ref.$blob, value);
    return value;
  }

  /**
   * An event as one line of JSON, its large fields (those named) stored as blobs and
   * replaced by references. The same text as JSON.stringify of the event with those
   * fields replaced, with each field stringified once: a field's JSON is both its blob
   * and its part of the line.
   */
  line(event: Record<string, unknown>, fields: ReadonlySet<string>): string {
    const parts: string[] = [];
    for (const k of Object.keys(event)) {
      const v = event[k];
      let text = JSON.stringify(v) as string | undefined;
      if (text === undefined) continue;
      if (fields.has(k) && text.length >= BLOB_THRESHOLD && !isBlobRef(v)) text = JSON.stringify(this.put(v, text));
      parts.push(`${JSON.stringify(k)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }

  unpack<T extends Record<string, unknown>>(event: T): T {
    let out = event;
    for (const [k, v] of Object.entries(event)) if (isBlobRef(v)) out = { ...out, [k]: this.get(v) };
    return out;
  }
}
