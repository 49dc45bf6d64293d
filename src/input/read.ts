// Reading a local input file (config, Dockerfile, a manifest from the build context)
// so that bad files are refused, not waited on: only regular files, opened without
// blocking (a FIFO with no writer would block open() forever) and checked again after
// opening, and never more than a limit of bytes.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';

const MiB = 1024 * 1024;

/** Size limits: far above any real file of each kind, far below what hurts. */
export const INPUT_LIMITS = {
  config: 1 * MiB,
  dockerfile: 1 * MiB,
  /** package.json, requirements.txt, go.mod … read from the build context. */
  manifest: 2 * MiB,
} as const;

export interface ReadInputOptions {
  /** How the file is named in messages (the path as the user gave it). */
  label?: string;
  /** What the file should be, for messages: "AppDeployment file", "Dockerfile". */
  what: string;
  maxBytes: number;
}

/** "a directory", "a named pipe (FIFO)" … for a stat that is not a regular file. */
export function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const size = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

class NotRegularFileError extends InputError {
  override name = 'NotRegularFileError';
}

/** The refusal message for a path that is not a regular file, or undefined if it is one. */
function notRegularMessage(
  label: string,
  what: string,
  s: Parameters<typeof kindOf>[0] & { isFile(): boolean },
): string | undefined {
  if (s.isFile()) return undefined;
  const kind = kindOf(s);
  return `${label}: is ${kind === 'not a regular file' ? 'not a regular file' : kind}, not ${what}; give the path of a regular file`;
}

/**
 * Reads a regular file as UTF-8, or throws an InputError naming the file: missing,
 * not a regular file (FIFO, device, directory, socket) or larger than the limit.
 * With `optional`, a missing file gives undefined instead.
 */
export async function readInputFile(
  path: string,
  opts: ReadInputOptions & { optional: true },
): Promise<string | undefined>;
export async function readInputFile(path: string, opts: ReadInputOptions & { optional?: false }): Promise<string>;
export async function readInputFile(
  path: string,
  opts: ReadInputOptions & { optional?: boolean },
): Promise<string | undefined>;
export async function readInputFile(
  path: string,
  opts: ReadInputOptions & { optional?: boolean },
): Promise<string | undefined> {
  const label = opts.label ?? path;
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (opts.optional && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    if (code === 'ENOENT') throw new InputError(`${label}: no such file`);
    // A socket cannot be opened as a file.
    if (code === 'ENXIO')
      throw new NotRegularFileError(`${label}: is a socket, not ${opts.what}; give the path of a regular file`);
    if (code === 'EISDIR')
      throw new NotRegularFileError(`${label}: is a directory, not ${opts.what}; give the path of a regular file`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${label}: permission denied`);
    throw new InputError(`${label}: cannot be read (${code ?? (err as Error).message})`);
  }
  try {
    // fstat on the open descriptor: what was checked is what is read, no race with a swap.
    const st = await fh.stat();
    const refused = notRegularMessage(label, opts.what, st);
    if (refused) throw new NotRegularFileError(refused);
    if (st.size > opts.maxBytes) throw tooBig(label, opts, st.size);
    // The size can lie (files that grow, /proc): read at most one byte past the limit.
    const buf = Buffer.alloc(Math.min(opts.maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > opts.maxBytes) throw tooBig(label, opts, opts.maxBytes, true);
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${label}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function tooBig(label: string, opts: ReadInputOptions, bytes: number, grew = false): InputError {
  return new InputError(
    `${label}: is ${grew ? 'larger than ' : ''}${size(bytes)}; ${opts.what} may be at most ${size(opts.maxBytes)}`,
  );
}
