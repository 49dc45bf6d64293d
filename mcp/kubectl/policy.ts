// What each kubectl command may do through the agent's two kubectl tools.
//
// - kind "read": kubectl_read runs it (the approval policy may let reads through
//   without a question, so the list is an allow-list: get, describe, logs, top,
//   explain, api-resources, api-versions, version, cluster-info, events, diff (a
//   server-side dry run that changes nothing), config current-context / get-* /
//   view, auth can-i / whoami, rollout status / history).
// - kind "write": only kubectl_write runs it, approved call by call.
// - refusal: neither tool runs it. The target and the credentials are the session's
//   (no -s/--server, --kubeconfig, --cluster, --user, --token, --as*, TLS or
//   certificate flags, --context other than the session's); interactive or escape
//   commands (exec, attach, cp, port-forward, proxy, debug, edit) and commands that
//   never return (watch, follow) are refused; so are outputs that would copy a
//   Secret's values or a local file into the model's context, kubeconfig edits, and
//   plugins (any executable on PATH named kubectl-*).
import { type Flag, KubectlRefusal, parseKubectlArgs, truthy } from './flags.js';

type KubectlKind = 'read' | 'write';
export type KubectlJudgement =
  | { ok: true; kind: KubectlKind; verb: string; sub?: string; args: string[]; setsNamespace: boolean; note?: string }
  | { ok: false; verb?: string; sub?: string; reason: string };

export const GROUP_VERBS = new Set(['config', 'auth', 'rollout', 'cluster-info']);
const READ_VERBS = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'events',
  'diff',
]);
const READ_SUBS: Record<string, Set<string>> = {
  config: new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']),
  auth: new Set(['can-i', 'whoami']),
  rollout: new Set(['status', 'history']),
};
/** kubectl's own commands (v1.32) that change something; anything else is a plugin. */
const WRITE_VERBS = new Set([
  'create',
  'expose',
  'run',
  'set',
  'delete',
  'rollout',
  'scale',
  'autoscale',
  'certificate',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'auth',
  'apply',
  'patch',
  'replace',
  'wait',
  'label',
  'annotate',
  'kustomize',
  'config',
  'cluster-info',
  'completion',
  'plugin',
  'alpha',
  'options',
  'help',
]);
const ESCAPES: Record<string, string> = {
  exec: 'runs a command inside a container',
  attach: 'attaches to a running container',
  cp: 'copies files between this machine and a container',
  'port-forward': 'opens a local port into the cluster and never returns',
  proxy: 'serves the API with your credentials on a local port and never returns',
  debug: 'starts an interactive debugging container',
  edit: 'opens an interactive editor',
};

/** Flags that would send the session's credentials elsewhere or swap them. */
const TARGET_FLAGS: Record<string, string> = {
  server: 'points kubectl at another API server, which would receive your credentials',
  kubeconfig: 'is set by the session, not by the command',
  cluster: "changes the cluster; the session's context decides it",
  user: "changes the credentials; the session's context decides them",
  token: "replaces the session's credentials",
  username: "replaces the session's credentials",
  password: "replaces the session's credentials",
  as: 'impersonates another user',
  'as-group': 'impersonates another group',
  'as-uid': 'impersonates another user',
  'as-user-extra': 'impersonates another user',
  'insecure-skip-tls-verify': "turns off the check of the server's certificate",
  'certificate-authority': 'replaces the CA that authenticates the server',
  'client-certificate': "replaces the session's client certificate",
  'client-key': "replaces the session's client key",
  'tls-server-name': 'changes which server certificate is accepted',
  kuberc: 'loads preferences (aliases, default flags) from another file',
  'profile-output': 'writes a file',
  'log-file': 'writes a file',
  'log-dir': 'writes files',
  vmodule: 'raises log verbosity, which prints request and response bodies',
};
const MAX_VERBOSITY = 6; // 7+ logs headers, 8+ response bodies (Secret data)

const TEMPLATE_OUTPUT = /^(go-template|template|jsonpath|jsonpath-as-json|custom-columns)(=|$)/;
const FILE_OUTPUT = /^(go-template-file|templatefile|jsonpath-file|custom-columns-file)(=|$)/;

/** Judges one argv for a session whose context is `context` (undefined: the kubeconfig's current one). */
export function judgeKubectl(args: readonly string[], session: { context?: string } = {}): KubectlJudgement {
  let p;
  try {
    p = parseKubectlArgs(args, GROUP_VERBS);
  } catch (err) {
    if (err instanceof KubectlRefusal) return { ok: false, reason: err.message };
    throw err;
  }
  const { verb, sub, flags } = p;
  const no = (reason: string): KubectlJudgement => ({ ok: false, verb, sub, reason });
  if (!verb) return no('no kubectl command given');
  const has = (...names: string[]) => flags.filter((f) => names.includes(f.name));
  const on = (...names: string[]) => has(...names).some(truthy);

  const flagged = flagRefusal(flags, session);
  if (flagged) return no(flagged);
  if (ESCAPES[verb]) return no(`kubectl ${verb} ${ESCAPES[verb]}; neither kubectl tool runs it`);
  if (!READ_VERBS.has(verb) && !WRITE_VERBS.has(verb))
    return no(`"${verb}" is not a kubectl command this tool knows; kubectl plugins are not run`);
  if (verb === 'config' && !READ_SUBS.config.has(sub ?? ''))
    return no(`kubectl config ${sub ?? ''} edits your kubeconfig; the tool leaves it to you`.replace('  ', ' '));
  if (verb === 'config' && has('raw').length)
    return no("config view --raw prints the kubeconfig's credentials; the tool refuses it");
  if (verb === 'cluster-info' && sub === 'dump')
    return no('cluster-info dump copies every log of the cluster (or writes a directory); the tool refuses it');
  if (on('watch', 'watch-only', 'follow'))
    return no(
      `${show(has('watch', 'watch-only', 'follow').find(truthy)!)} never returns; the tool refuses it (drop it to get the current state)`,
    );
  if (on('stdin', 'tty', 'attach'))
    return no('interactive flags (-i, -t, --attach) wait for a terminal; the tool refuses them');
  if (on('edit') || (verb === 'apply' && sub === 'edit-last-applied'))
    return no('an interactive editor would open; the tool refuses it');

  const outputs = [...has('output').map((f) => f.value ?? ''), ...has('template').map(() => 'template')];
  const fileOut = outputs.find((o) => FILE_OUTPUT.test(o));
  if (fileOut) return no(`-o ${fileOut.split('=')[0]} reads a local file into the output; the tool refuses it`);
  const templ = outputs.find((o) => TEMPLATE_OUTPUT.test(o));
  if (templ && mayShowSecrets(p.words.slice(1), flags))
    return no(
      `-o ${templ.split('=')[0]} could print Secret values, which the tool redacts only in yaml, json and describe output; use -o yaml`,
    );

  const extra: string[] = [];
  // rollout status waits for the rollout by default; through the tool it reports once.
  if (verb === 'rollout' && sub === 'status' && has('watch').length === 0) extra.push('--watch=false');
  const base = {
    ok: true as const,
    verb,
    sub,
    args: withFlags(dropSessionContext(args, session.context), extra),
    setsNamespace: has('namespace', 'all-namespaces').length > 0,
  };
  const read = READ_VERBS.has(verb) ? true : (READ_SUBS[verb]?.has(sub ?? '') ?? false);
  if (!read) return { ...base, kind: 'write' };
  // Read verbs that can still reach further are approved like writes.
  if (has('raw').length)
    return { ...base, kind: 'write', note: `${verb} --raw requests any API path, proxy subresources included` };
  if (has('filename').some((f) => /^[a-z]+:\/\//i.test(f.value ?? '')))
    return { ...base, kind: 'write', note: '-f with a URL fetches it from this machine' };
  if (has('kustomize').length)
    return { ...base, kind: 'write', note: '-k builds a kustomization, which may fetch remote bases' };
  return { ...base, kind: 'read' };
}

/** Why a flag is refused: it changes the target or the credentials, writes files, or logs bodies. */
export function flagRefusal(flags: readonly Flag[], session: { context?: string }): string | undefined {
  for (const f of flags) {
    const why = TARGET_FLAGS[f.name];
    if (why) return `${show(f)} ${why}; the tool refuses it`;
    if (f.name === 'context' && f.value !== session.context)
      return session.context
        ? `--context ${f.value} is not the session's context (${session.context}); the tool refuses it`
        : `--context ${f.value} would change the session's target; the tool refuses it`;
    if (f.name === 'profile' && f.value !== 'none') return '--profile writes a profile file; the tool refuses it';
    if (f.name === 'v' && !(Number(f.value) <= MAX_VERBOSITY))
      return `-v ${f.value}: verbosity above ${MAX_VERBOSITY} logs request and response bodies; the tool refuses it`;
  }
  return undefined;
}

/** Adds flags at the end of kubectl's own arguments: before "--", after which words belong to a container. */
export function withFlags(args: readonly string[], flags: readonly string[]): string[] {
  const dash = args.indexOf('--');
  return dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
}

/** The session appends its own --context; an identical one in the command is dropped. */
function dropSessionContext(args: readonly string[], context: string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...out, ...args.slice(i)];
    if (context !== undefined && args[i] === `--context=${context}`) continue;
    if (context !== undefined && args[i] === '--context' && args[i + 1] === context) {
      i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

/** Whether a templated output could reach Secret objects: named as such, or from files, or by raw URL. */
function mayShowSecrets(words: string[], flags: Flag[]): boolean {
  if (flags.some((f) => ['filename', 'kustomize', 'raw'].includes(f.name))) return true;
  return words.some((w) => w.split(',').some((part) => /^secrets?(\.|\/|$)/i.test(part.split('/')[0])));
}

const show = (f: Flag) => (f.raw.startsWith('--') ? `--${f.name}` : f.raw);
