// From the command line a caller gives to the verdict the tools act on: split without
// a shell, then judged by ./policy.ts (read, write, or refused, with the reason).
import { parseKubectlArgs } from './flags.js';
import { flagRefusal, GROUP_VERBS, judgeKubectl, type KubectlJudgement } from './policy.js';

export type KubectlClass = 'read-only' | 'world-changing' | 'refused';

export type KubectlVerdict = { verdict: 'read' | 'write' | 'refused'; reason: string; args?: string[] };

const FORBIDDEN = /[;&|<>`\n\r]|\$\(/;

/** Splits a command line into argv without a shell, refusing what only a shell would do. */
export function tokenizeKubectl(command: string): string[] {
  if (FORBIDDEN.test(command))
    throw new Error('shell syntax (; & | < > ` $( or newlines) is not allowed: give one kubectl command');
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let any = false;
  for (const ch of command.trim().replace(/^kubectl\s+/, '')) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error('unbalanced quotes in the command');
  if (cur || any) out.push(cur);
  return out;
}

/** tokenizeKubectl, and a thrown error for flags that change the target or the credentials. */
export function parseKubectlCommand(command: string, session: { context?: string } = {}): string[] {
  const args = tokenizeKubectl(command);
  const refused = flagRefusal(parseKubectlArgs(args, GROUP_VERBS).flags, session);
  if (refused) throw new Error(refused);
  return args;
}

/** The class the approval gate sees; "refused" runs through neither tool. */
export function classifyKubectl(args: readonly string[], session: { context?: string } = {}): KubectlClass {
  const j = judgeKubectl(args, session);
  return !j.ok ? 'refused' : j.kind === 'read' ? 'read-only' : 'world-changing';
}

/** One command line, judged: the verdict and why (the corpus test reads this). */
export function judgeCommand(command: string, session: { context?: string } = {}): KubectlVerdict {
  let args: string[];
  try {
    args = tokenizeKubectl(command);
  } catch (err) {
    return { verdict: 'refused', reason: (err as Error).message };
  }
  const j: KubectlJudgement = judgeKubectl(args, session);
  if (!j.ok) return { verdict: 'refused', reason: j.reason };
  return {
    verdict: j.kind,
    reason:
      j.kind === 'read'
        ? `kubectl ${[j.verb, j.sub].filter(Boolean).join(' ')} only reads`
        : (j.note ?? `kubectl ${j.verb} changes the cluster`),
    args: j.args,
  };
}
