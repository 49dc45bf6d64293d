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
  private readonly cache = new Map<string, unknown>();
  constructor(readonly dir: string) {}

  /** Stores a value; `text` is its JSON when the caller has it already. */
  put(value: unknown, text: string = JSON.stringify(value)): BlobRef {
    const hash = createHash('sha256').update(text).digest('hex');
    const file = join(this.dir, `${hash}.json`);
    if (!existsSync(file)) {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    }
    this.cache.set(hash, value);
    return { $blob: hash };
  }

  get(ref: BlobRef): unknown {
    if (this.cache.has(ref.$blob)) return this.cache.get(ref.$blob);
    const value = JSON.parse(readFileSync(join(this.dir, `${ref.$blob}.json`), 'utf8')) as unknown;
    this.cache.set(ref.$blob, value);
    return value;
  }

  /** Replaces large top-level fields of an event with blob references. */
  pack<T extends Record<string, unknown>>(event: T, fields: readonly string[]): T {
    let out = event;
    for (const f of fields) {
      const v = event[f];
      if (v === undefined || isBlobRef(v)) continue;
      const text = JSON.stringify(v);
      if (text.length < BLOB_THRESHOLD) continue;
      out = { ...out, [f]: this.put(v, text) };
    }
    return out;
  }

  unpack<T extends Record<string, unknown>>(event: T): T {
    let out = event;
    for (const [k, v] of Object.entries(event)) if (isBlobRef(v)) out = { ...out, [k]: this.get(v) };
    return out;
  }
}
