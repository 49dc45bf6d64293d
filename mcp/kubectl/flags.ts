// Reads a kubectl argv the way kubectl (cobra + pflag) does, so the verb, the
// subcommand and every flag are found whatever precedes them. Global flags are
// known exactly (kubectl options, v1.32, plus the klog flags of older releases);
// flags after the verb belong to the command and are read conservatively: a token
// that starts with "-" is always examined as a flag, never swallowed as a value.

/** A flag as read: its long name, its value if any, and how it was spelled (`--name` or `-x`). */
export type Flag = { name: string; value?: string; raw: string };

export interface ParsedKubectl {
  verb?: string;
  /** The first word after the verb (subcommand or resource). */
  sub?: string;
  /** Every positional word before "--", verb and subcommand included. */
  words: string[];
  flags: Flag[];
  /** Words after "--" (a container command); kubectl does not read them as flags. */
  afterDash: string[];
}

export class KubectlRefusal extends Error {
  override name = 'KubectlRefusal';
}

/** Global flags that take a value (the next word, `=value`, or for shorthands `-nVALUE`). */
const GLOBAL_VALUE = new Set([
  'as',
  'as-group',
  'as-uid',
  'as-user-extra',
  'cache-dir',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'cluster',
  'context',
  'kubeconfig',
  'kuberc',
  'log-flush-frequency',
  'namespace',
  'password',
  'profile',
  'profile-output',
  'request-timeout',
  'server',
  'tls-server-name',
  'token',
  'user',
  'username',
  'v',
  'vmodule',
  // klog flags that older kubectl releases still accept
  'log-dir',
  'log-file',
  'log-file-max-size',
  'log-backtrace-at',
  'stderrthreshold',
]);
/** Global flags that take no separate value (pflag booleans: only `--flag=false` carries one). */
const GLOBAL_BOOL = new Set([
  'disable-compression',
  'insecure-skip-tls-verify',
  'match-server-version',
  'warnings-as-errors',
  'help',
  'alsologtostderr',
  'logtostderr',
  'add-dir-header',
  'skip-headers',
  'skip-log-headers',
  'one-output',
]);
const GLOBAL_SHORT: Record<string, string> = { n: 'namespace', s: 'server', v: 'v', h: 'help' };

/** Command flags whose value must be read (the checks look at it). */
const LOCAL_VALUE = new Set([
  'output',
  'filename',
  'kustomize',
  'selector',
  'container',
  'template',
  'field-selector',
  'label-columns',
  'sort-by',
]);

/** Command shorthands: name and whether a value follows. */
const LOCAL_SHORT: Record<string, { name: string; value: boolean }> = {
  l: { name: 'selector', value: true },
  o: { name: 'output', value: true },
  c: { name: 'container', value: true },
  L: { name: 'label-columns', value: true },
  k: { name: 'kustomize', value: true },
  f: { name: 'filename', value: true },
  p: { name: 'patch', value: true },
  A: { name: 'all-namespaces', value: false },
  R: { name: 'recursive', value: false },
  w: { name: 'watch', value: false },
  q: { name: 'quiet', value: false },
  i: { name: 'stdin', value: false },
  t: { name: 'tty', value: false },
};

/** `-f`/`-p` depend on the verb: `logs -f` follows and `logs -p` shows the previous container, without a value. */
function localShort(verb: string | undefined, ch: string): { name: string; value: boolean } | undefined {
  if (verb === 'logs' && ch === 'f') return { name: 'follow', value: false };
  if (verb === 'logs' && ch === 'p') return { name: 'previous', value: false };
  return LOCAL_SHORT[ch];
}

/** kubectl normalizes "_" to "-" in flag names: --insecure_skip_tls_verify is --insecure-skip-tls-verify. */
const longName = (a: string, eq: number) => a.slice(2, eq < 0 ? undefined : eq).replace(/_/g, '-');

const isFlagLike = (s: string | undefined) => s !== undefined && s.startsWith('-') && s !== '-';

/**
 * Parses argv. Before the verb (and between a group verb and its subcommand) only
 * global flags may appear: an unknown one is refused, since whether it takes a value
 * decides which word is the verb.
 */
export function parseKubectlArgs(args: readonly string[], groupVerbs: ReadonlySet<string>): ParsedKubectl {
  const out: ParsedKubectl = { words: [], flags: [], afterDash: [] };
  let i = 0;
  const takeValue = (flag: string): string => {
    const next = args[i + 1];
    if (next === undefined) throw new KubectlRefusal(`${flag} needs a value`);
    if (isFlagLike(next))
      throw new KubectlRefusal(
        `the value of ${flag} ("${next}") looks like a flag; write ${flag}=VALUE if that is meant`,
      );
    i++;
    return next;
  };
  // Phase 1: global flags only, until the verb (and a group verb's subcommand).
  const wantWords = () => (out.words.length === 0 ? true : out.words.length === 1 && groupVerbs.has(out.words[0]));
  for (; i < args.length && wantWords(); i++) {
    const a = args[i];
    if (a === '--') throw new KubectlRefusal('"--" before the command is not allowed');
    if (!isFlagLike(a)) {
      out.words.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = longName(a, eq);
      if (GLOBAL_VALUE.has(name)) out.flags.push({ name, value: eq < 0 ? takeValue(a) : a.slice(eq + 1), raw: a });
      else if (GLOBAL_BOOL.has(name)) out.flags.push({ name, value: eq < 0 ? undefined : a.slice(eq + 1), raw: a });
      else
        throw new KubectlRefusal(
          `unknown flag ${a.split('=')[0]} before the command: kubectl's global flags are allowed there, nothing else`,
        );
      continue;
    }
    const name = GLOBAL_SHORT[a[1]];
    if (!name)
      throw new KubectlRefusal(
        `unknown flag ${a.slice(0, 2)} before the command: kubectl's global flags are allowed there, nothing else`,
      );
    if (name === 'help') {
      if (a.length > 2) throw new KubectlRefusal(`cannot tell what ${a} means; write each flag separately`);
      out.flags.push({ name, raw: '-h' });
    } else {
      const rest = a.slice(2).replace(/^=/, '');
      out.flags.push({ name, value: rest !== '' ? rest : takeValue(a.slice(0, 2)), raw: a.slice(0, 2) });
    }
  }
  out.verb = out.words[0];
  // Phase 2: the command's own words and flags.
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.afterDash = args.slice(i + 1);
      break;
    }
    if (!isFlagLike(a)) {
      out.words.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = longName(a, eq);
      if (eq >= 0) out.flags.push({ name, value: a.slice(eq + 1), raw: a });
      else if (GLOBAL_VALUE.has(name) || LOCAL_VALUE.has(name)) out.flags.push({ name, value: takeValue(a), raw: a });
      // Unknown command flags take no word here: at worst a value counts as a word too.
      else out.flags.push({ name, raw: a });
      continue;
    }
    readShortCluster(a, out.verb, out.flags, takeValue);
  }
  out.sub = out.words[1];
  return out;
}

/** `-it`, `-Aw`, `-oyaml`, `-n=prod`, `-shttps://x`: pflag reads letters until one takes a value. */
function readShortCluster(
  a: string,
  verb: string | undefined,
  flags: Flag[],
  takeValue: (flag: string) => string,
): void {
  for (let j = 1; j < a.length; j++) {
    const ch = a[j];
    const g = GLOBAL_SHORT[ch];
    const known = g ? { name: g, value: g !== 'help' } : localShort(verb, ch);
    if (!known) {
      if (a.length === 2) return void flags.push({ name: ch, raw: a }); // a lone unknown shorthand takes no word here
      throw new KubectlRefusal(`cannot tell what ${a} means (unknown short flag -${ch}); write each flag separately`);
    }
    const rest = a.slice(j + 1);
    if (known.value) {
      const v = rest.replace(/^=/, '');
      flags.push({ name: known.name, value: v !== '' ? v : takeValue(`-${ch}`), raw: `-${ch}` });
      return;
    }
    if (rest.startsWith('=')) return void flags.push({ name: known.name, value: rest.slice(1), raw: `-${ch}` });
    flags.push({ name: known.name, raw: `-${ch}` });
  }
}

/** A boolean flag's state: present without a value, or with a value other than false. */
export const truthy = (f: Flag) => f.value === undefined || !/^(false|0|f)$/i.test(f.value);
