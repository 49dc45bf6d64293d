// Which kubectl commands only read. Everything not listed changes the cluster (or the
// kubeconfig) and goes through approval as world-changing.
const READ_VERBS = new Set(['get', 'describe', 'logs', 'events', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'diff']);
const READ_SUB: Record<string, Set<string>> = {
  config: new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']),
  auth: new Set(['can-i', 'whoami']),
  rollout: new Set(['status', 'history']),
};

export type KubectlClass = 'read-only' | 'world-changing';

/** Flags whose value is the next word (so the value is not mistaken for the verb). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-l', '--selector', '-o', '--output', '-c', '--container', '-f', '--filename', '--field-selector', '--request-timeout', '-p', '--patch']);

function positional(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_FLAGS.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

export function classifyKubectl(args: readonly string[]): KubectlClass {
  const words = positional(args);
  const verb = words[0];
  if (!verb) return 'world-changing';
  if (READ_VERBS.has(verb)) return 'read-only';
  const sub = READ_SUB[verb];
  if (sub) return sub.has(words[1] ?? '') ? 'read-only' : 'world-changing';
  return 'world-changing';
}

const FORBIDDEN = /[;&|<>`\n]|\$\(/;
const SESSION_FLAGS = /^--(kubeconfig|context|cluster|user|token|server|as|as-group)(=|$)/;

/** Splits a command line into argv without a shell, refusing what only a shell would do. */
export function parseKubectlCommand(command: string): string[] {
  if (FORBIDDEN.test(command)) throw new Error('shell syntax (; & | < > ` $( or newlines) is not allowed: give one kubectl command');
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
  const bad = out.find((a) => SESSION_FLAGS.test(a));
  if (bad) throw new Error(`${bad.split('=')[0]} is set by the session, not by the command`);
  return out;
}
