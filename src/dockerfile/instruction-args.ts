// Reading one instruction's arguments: variables, exec-form arrays, ids, counts and
// durations, and the probe hints of a HEALTHCHECK. A bad value is a DockerfileError.
import type { Instruction } from 'dockerfile-ast';
import { INT32_MAX } from '../kube/int32.js';
import { DockerfileError } from './dockerfile-error.js';
import type { DockerfileFacts, SourceRef } from './facts.js';

export const lineOf = (i: Instruction) => i.getRange().start.line + 1;

/** Replaces $VAR and ${VAR} (with :- defaults) from the variables known at that point. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, a: string, def: string | undefined, b: string) => {
      const v = vars.get(a ?? b);
      return v !== undefined && v !== '' ? v : (def ?? '');
    },
  );
}

export function argsOf(i: Instruction): string[] {
  return i.getArguments().map((a) => a.getValue());
}

/** Line and column (1-based) where an instruction's arguments start. */
function argsAt(i: Instruction): { line: number; col: number } {
  const first = i.getArguments()[0]?.getRange().start ?? i.getRange().start;
  return { line: first.line + 1, col: first.character + 1 };
}

/** An exec-form JSON array, or undefined when the text is not JSON (Docker then uses the shell form). */
export function execForm(i: Instruction, file: string, raw: string): string[] | undefined {
  if (!raw.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) {
    const { line, col } = argsAt(i);
    throw new DockerfileError(
      file,
      line,
      col,
      `${i.getKeyword()} in exec form must be a JSON array of strings, such as ${i.getKeyword() === 'VOLUME' ? '["/data"]' : '["node", "server.js"]'}`,
    );
  }
  return parsed;
}

/** CMD/ENTRYPOINT as an argv: exec form as written, shell form wrapped in sh -c. */
export function commandOf(i: Instruction, file: string): string[] {
  const raw = (i.getRawArgumentsContent() ?? '').trim();
  return execForm(i, file, raw) ?? ['/bin/sh', '-c', raw];
}

/** A user or group id as Kubernetes takes it (runAsUser: 0 … 2147483647), or a Dockerfile error. */
export function idOf(i: Instruction, file: string, value: string, what: 'uid' | 'gid'): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n > INT32_MAX) {
    const { line, col } = argsAt(i);
    throw new DockerfileError(
      file,
      line,
      col,
      `USER ${what} ${value.length > 24 ? `${value.slice(0, 24)}…` : value} is out of range; Kubernetes accepts ids from 0 to ${INT32_MAX}`,
    );
  }
  return n;
}

/** A count from a flag (--retries=3), if it is one Kubernetes can hold. */
function countOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= INT32_MAX ? n : undefined;
}

function parseDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const seconds = m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
  // Probe timings are int32 seconds in Kubernetes; a longer one is no timing at all.
  return seconds <= INT32_MAX ? seconds : undefined;
}

/** HEALTHCHECK NONE, or the command with the probe hints its URL gives (path, port) and its timings. */
export function healthcheckOf(
  ins: Instruction,
  vars: Map<string, string>,
  source: SourceRef,
): DockerfileFacts['healthcheck'] {
  const args = argsOf(ins);
  if (args[0]?.toUpperCase() === 'NONE') return { none: true, source };
  const flags =
    (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const opt = (name: string) =>
    flags.find((f) => f.getName() === name)?.getValue() ?? args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const cmdIdx = args.findIndex((a) => a.toUpperCase() === 'CMD');
  const command = substitute((ins.getRawArgumentsContent() ?? '').replace(/^[\s\S]*?\bCMD\b\s*/i, ''), vars);
  const url = /https?:\/\/[^\s'"\]]+/.exec(command)?.[0];
  let path: string | undefined;
  let port: number | undefined;
  if (url) {
    try {
      const u = new URL(url.replace(/\$\{?[A-Za-z_]+\}?/g, '0'));
      path = u.pathname || '/';
      port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    } catch {
      /* an unparseable URL gives no probe hints */
    }
  }
  return {
    none: false,
    command: cmdIdx >= 0 ? command : undefined,
    path,
    port,
    intervalSeconds: parseDuration(opt('interval')),
    timeoutSeconds: parseDuration(opt('timeout')),
    startPeriodSeconds: parseDuration(opt('start-period')),
    retries: countOf(opt('retries')),
    source,
  };
}
