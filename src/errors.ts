// Errors the CLI reports without a stack trace. Exit codes: 0 ok, 1 failure,
// 2 invalid input or usage.
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Invalid input: a message naming FILE:LINE:COL and what to do. Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
  readonly exitCode = EXIT.usage;
  constructor(
    message: string,
    /** Further lines, each already formatted ("FILE:LINE:COL: message"). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** A failure that is not the user's input: cluster refused, a server failed. Exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly exitCode = EXIT.failure;
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof InputError || err instanceof CommandError) return err.exitCode;
  const code = (err as { exitCode?: unknown })?.exitCode;
  return typeof code === 'number' ? code : EXIT.failure;
}
