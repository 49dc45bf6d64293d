// The rules planner's small chat language, as declarative data: each command has a
// pattern, a usage line and a parser into a plain intent. No UI, no I/O.
import { COMPONENT_IDS } from '../plan/app-context.js';
import { parseSessionCommand, sessionCommandHelp } from './session-commands.js';
import { isQuantity, quantityExamples } from '../app-config/quantity.js';
import { SECURITY_PROFILES, type SecurityProfile } from '../vocabulary.js';

export type ChatIntent =
  | { kind: 'deploy'; path: string }
  | { kind: 'plan' }
  | { kind: 'why'; component: string }
  | { kind: 'disable'; component: string }
  | { kind: 'enable'; component: string }
  | { kind: 'set'; cpu?: string; memory?: string }
  /** Without max, the maximum stays (raised to min when below it). */
  | { kind: 'replicas'; min: number; max?: number }
  /** Take the plan's suggestions (e.g. 3 replicas for high availability) over the config's values. */
  | { kind: 'accept' }
  | { kind: 'profile'; profile: SecurityProfile }
  | { kind: 'diff' }
  /** A session command (export, policy, …): every face carries these out before the planner sees the line. */
  | { kind: 'session'; command: string }
  | { kind: 'apply'; dryRun: boolean }
  | { kind: 'help' };

interface ChatCommand {
  name: string;
  usage: string;
  help: string;
  parse(args: string[]): ChatIntent | string;
}

const CHAT_COMMANDS: ChatCommand[] = [
  {
    name: 'deploy',
    usage: 'deploy PATH',
    help: 'plan and generate the deployment for an app-config.yaml, or for every app of a compose.yaml or a directory of configs',
    parse: ([path]) =>
      path ? { kind: 'deploy', path } : 'deploy needs the path of an app-config.yaml, a compose.yaml or a directory',
  },
  { name: 'plan', usage: 'plan', help: 'show the components and why each was chosen', parse: () => ({ kind: 'plan' }) },
  {
    name: 'why',
    usage: 'why COMPONENT',
    help: 'explain why a component is in (or out of) the plan',
    parse: ([c]) => (c ? { kind: 'why', component: c } : `why needs a component: ${COMPONENT_IDS.join(', ')}`),
  },
  {
    name: 'disable',
    usage: 'disable COMPONENT',
    help: 'leave a component out; its objects and references go',
    parse: ([c]) => (c ? { kind: 'disable', component: c } : 'disable needs a component name'),
  },
  {
    name: 'enable',
    usage: 'enable COMPONENT',
    help: 'bring a disabled component back',
    parse: ([c]) => (c ? { kind: 'enable', component: c } : 'enable needs a component name'),
  },
  {
    name: 'set',
    usage: 'set cpu 1 memory 2Gi',
    help: 'override the resource requests',
    parse: (args) => {
      const out: { kind: 'set'; cpu?: string; memory?: string } = { kind: 'set' };
      for (let i = 0; i < args.length; i += 2) {
        const [key, value] = [args[i], args[i + 1]];
        if ((key !== 'cpu' && key !== 'memory') || value === undefined)
          return 'usage: set cpu QUANTITY memory QUANTITY';
        if (!isQuantity(value)) return `"${value}" is not a Kubernetes quantity (try ${quantityExamples(key)})`;
        out[key] = value;
      }
      return out.cpu || out.memory ? out : 'usage: set cpu QUANTITY memory QUANTITY';
    },
  },
  {
    name: 'replicas',
    usage: 'replicas 3 to 20',
    help: 'set the autoscaling bounds (replicas 3: the minimum only)',
    parse: (args) => {
      const nums = args.filter((a) => a !== 'to' && a !== '-').map(Number);
      const usage = 'usage: replicas MIN [to MAX] (whole numbers; MIN ≥ 0, MAX ≥ 1)';
      if (nums.length < 1 || nums.length > 2 || nums.some((n) => !Number.isInteger(n) || n < 0)) return usage;
      if (nums.length === 1) return { kind: 'replicas', min: nums[0] };
      if (nums[1] < 1) return usage;
      if (nums[0] > nums[1]) return `minimum ${nums[0]} is above maximum ${nums[1]}`;
      return { kind: 'replicas', min: nums[0], max: nums[1] };
    },
  },
  {
    name: 'accept',
    usage: 'accept suggestion',
    help: "take the plan's suggestions over the config's values",
    parse: (args) =>
      args.length === 0 || (args.length === 1 && /^suggestions?$/i.test(args[0]))
        ? { kind: 'accept' }
        : 'usage: accept suggestion',
  },
  {
    name: 'profile',
    usage: 'profile standard|pci|hipaa|fips',
    help: 'change the security profile',
    parse: ([p]) =>
      SECURITY_PROFILES.some((x) => x === p)
        ? { kind: 'profile', profile: p as SecurityProfile }
        : `profile must be one of ${SECURITY_PROFILES.join(', ')}`,
  },
  {
    name: 'diff',
    usage: 'diff',
    help: 'show what the last change did to the manifests',
    parse: () => ({ kind: 'diff' }),
  },
  {
    name: 'apply',
    usage: 'apply [--dry-run]',
    help: 'apply the approved manifests to the cluster (asks first)',
    parse: (args) => ({ kind: 'apply', dryRun: args.includes('--dry-run') }),
  },
  { name: 'help', usage: 'help', help: 'list these commands', parse: () => ({ kind: 'help' }) },
];

/** Parses a line; `undefined` when it is not a command (free text for an LLM planner). */
export function parseChatCommand(line: string): ChatIntent | { kind: 'error'; message: string } | undefined {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const session = parseSessionCommand(line);
  if (session)
    return session.type === 'error'
      ? { kind: 'error', message: session.message }
      : { kind: 'session', command: session.type };
  const cmd = CHAT_COMMANDS.find((c) => c.name === words[0].toLowerCase().replace(/^\//, ''));
  if (!cmd) return undefined;
  const parsed = cmd.parse(words.slice(1));
  return typeof parsed === 'string' ? { kind: 'error', message: parsed } : parsed;
}

export function chatHelp(): string {
  const width = Math.max(...CHAT_COMMANDS.map((c) => c.usage.length));
  return [
    'Commands:',
    ...CHAT_COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.help}`),
    'Session commands (also without the slash):',
    ...sessionCommandHelp(),
  ].join('\n');
}
