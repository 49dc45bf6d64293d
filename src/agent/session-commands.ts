// The session's meta commands as one declarative table: every face (the terminal UI's
// /commands, scripted chat, the rules planner's chat help) parses and carries them out
// here, so a command means the same thing wherever it is typed. Carrying one out
// returns plain data — notices to show and the events it recorded — which each face
// renders its own way. UI-local commands (help, clear, quit) stay with the faces.
import { POLICIES, type EventOf, type NewEvent, type Policy, type SessionEvent } from '../sessions/events.js';
import type { SessionState } from '../sessions/state.js';
import { describePolicy } from './approval.js';
import {
  listPromptCommands,
  parsePromptCommand,
  runPrompt,
  type PromptHub,
  type PromptIntent,
} from './prompt-commands.js';

type SessionIntent =
  | { type: 'export'; path: string; kustomize: boolean; force: boolean }
  | { type: 'permissions'; revoke?: string }
  | { type: 'policy'; policy?: Policy }
  | { type: 'tools' }
  | { type: 'mcp' }
  | { type: 'prompts' }
  | PromptIntent
  | { type: 'model'; model?: string }
  | { type: 'models' }
  | { type: 'session' }
  | { type: 'sessions' }
  | { type: 'resume'; id: string };

export interface SessionCommand {
  name: SessionIntent['type'];
  /** Bare words (no slash) that mean the same; kubectl-ai's meta-commands are among them. */
  aliases: string[];
  /** Argument synopsis for help and completion; absent when the command takes none. */
  args?: string;
  summary: string;
  /** The intent, or a usage message when the arguments do not fit. */
  parse(args: string[]): SessionIntent | string;
}

const none =
  <T extends SessionIntent>(intent: T) =>
  (args: string[]): T | string =>
    args.length === 0 ? intent : `/${intent.type} takes no arguments`;

export const SESSION_COMMANDS: readonly SessionCommand[] = [
  {
    name: 'export',
    aliases: ['export'],
    args: 'DIR [--kustomize] [--force]',
    summary: 'write the approved manifests to a directory',
    parse: (a) => {
      const paths = a.filter((x) => !x.startsWith('--'));
      const flags = a.filter((x) => x.startsWith('--'));
      if (paths.length !== 1 || flags.some((f) => f !== '--kustomize' && f !== '--force'))
        return 'usage: /export DIR [--kustomize] [--force]';
      return {
        type: 'export',
        path: paths[0],
        kustomize: flags.includes('--kustomize'),
        force: flags.includes('--force'),
      };
    },
  },
  {
    name: 'permissions',
    aliases: ['permissions'],
    args: '[revoke SERVER/TOOL]',
    summary: 'tools always allowed in this session; revoke one',
    parse: (a) => {
      if (a.length === 0) return { type: 'permissions' };
      return a[0] === 'revoke' && a.length === 2
        ? { type: 'permissions', revoke: a[1] }
        : 'usage: /permissions revoke SERVER/TOOL';
    },
  },
  {
    name: 'policy',
    aliases: ['policy'],
    args: `[${POLICIES.join('|')}]`,
    summary: 'show or change the approval policy',
    parse: (a) => {
      if (a.length === 0) return { type: 'policy' };
      return a.length === 1 && (POLICIES as readonly string[]).includes(a[0])
        ? { type: 'policy', policy: a[0] as Policy }
        : `policy must be one of ${POLICIES.join(', ')}`;
    },
  },
  {
    name: 'model',
    aliases: ['model'],
    args: '[NAME]',
    summary: 'show or set the model (openai planner)',
    parse: (a) => (a.length <= 1 ? { type: 'model', model: a[0] } : 'usage: /model [NAME]'),
  },
  { name: 'models', aliases: ['models'], summary: 'list models the server offers', parse: none({ type: 'models' }) },
  { name: 'tools', aliases: ['tools'], summary: 'tools of every MCP server', parse: none({ type: 'tools' }) },
  { name: 'mcp', aliases: ['mcp'], summary: 'MCP servers and their state', parse: none({ type: 'mcp' }) },
  {
    name: 'prompts',
    aliases: ['prompts'],
    summary: "MCP servers' prompts, each run as /SERVER:PROMPT [NAME=VALUE …]",
    parse: none({ type: 'prompts' }),
  },
  {
    name: 'session',
    aliases: ['session'],
    summary: 'this session: id, calls, policy',
    parse: none({ type: 'session' }),
  },
  { name: 'sessions', aliases: ['sessions'], summary: 'list saved sessions', parse: none({ type: 'sessions' }) },
  {
    name: 'resume',
    aliases: [],
    args: 'ID',
    summary: 'how to resume another session',
    parse: (a) => (a.length === 1 ? { type: 'resume', id: a[0] } : 'usage: /resume ID'),
  },
];

export type ParsedCommand = SessionIntent | { type: 'error'; message: string };

/**
 * A session command typed as `/name ARGS` or as a bare alias, or undefined for a line meant
 * for the planner. A bare alias of a command without arguments matches only on its own
 * (so "tools are slow" still reaches the planner), as kubectl-ai's meta-commands do.
 */
export function parseSessionCommand(line: string): ParsedCommand | undefined {
  const prompt = parsePromptCommand(line);
  if (prompt) return prompt;
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const slash = words[0].startsWith('/');
  const word = slash ? words[0].slice(1) : words[0];
  const cmd = SESSION_COMMANDS.find((c) => (slash ? c.name === word : c.aliases.includes(word)));
  if (!cmd || (!slash && !cmd.args && words.length > 1)) return undefined;
  const parsed = cmd.parse(words.slice(1));
  return typeof parsed === 'string' ? { type: 'error', message: parsed } : parsed;
}

/** One help line per command, for every face's help. */
export function sessionCommandHelp(): string[] {
  const usage = SESSION_COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`);
  const width = Math.max(...usage.map((u) => u.length));
  return SESSION_COMMANDS.map((c, i) => `  ${usage[i].padEnd(width)}  ${c.summary}`);
}

/** What a command needs of the session; openSession's result has it all, tests pass less. */
export interface CommandSession {
  engine: { readonly state: SessionState; emit(e: NewEvent): Promise<unknown> };
  file: { id: string; read?(): SessionEvent[] };
  hub?: { serverNames(): string[]; listTools(server: string): Promise<{ name: string }[]> } & PromptHub;
  started?: EventOf<'session.started'>;
}

/** The result of a command: lines to show (an error when `error`) and the events it recorded. */
export interface CommandOutcome {
  notices: string[];
  error?: boolean;
  events: NewEvent[];
  /** A line for the planner, as if the user had typed it (an MCP prompt's messages). */
  message?: string;
}

const say = (...notices: string[]): CommandOutcome => ({ notices, events: [] });
const fail = (...notices: string[]): CommandOutcome => ({ notices, error: true, events: [] });

/** Carries out a command: records its events on the session and returns what to show. */
export async function runSessionCommand(intent: ParsedCommand, session: CommandSession): Promise<CommandOutcome> {
  const outcome = await outcomeOf(intent, session);
  for (const e of outcome.events) await session.engine.emit(e);
  return outcome;
}

async function outcomeOf(intent: ParsedCommand, session: CommandSession): Promise<CommandOutcome> {
  const state = session.engine.state;
  switch (intent.type) {
    case 'error':
      return fail(intent.message);
    case 'policy':
      if (!intent.policy) return say(`approval policy: ${state.policy} — ${describePolicy(state.policy)}`);
      return { notices: [], events: [{ type: 'policy.changed', policy: intent.policy }] };
    case 'permissions': {
      if (intent.revoke) {
        const [server, tool] = intent.revoke.split('/');
        const rule = state.rules.find((r) => r.server === server && r.tool === (tool ?? '*'));
        return rule
          ? { notices: [], events: [{ type: 'permissions.changed', action: 'remove', rule }] }
          : fail(`no rule for ${intent.revoke}`);
      }
      if (state.rules.length === 0) return say('no session rules; "a" on a pending call always allows its tool');
      return say(
        ...state.rules.map(
          (r) =>
            `${r.decision} ${r.server}/${r.tool} (${r.scope}) — revoke with: /permissions revoke ${r.server}/${r.tool}`,
        ),
      );
    }
    case 'export':
      return exportTo(intent, session);
    case 'tools':
    case 'mcp': {
      if (!session.hub) return fail(`/${intent.type} needs the session's MCP servers`);
      const lines: string[] = [];
      for (const server of session.hub.serverNames()) {
        const tools = await session.hub.listTools(server).catch((err: Error) => err);
        if (tools instanceof Error) lines.push(`${server}: failed — ${tools.message}`);
        else
          lines.push(
            intent.type === 'mcp'
              ? `${server}: connected, ${tools.length} tools`
              : `${server}: ${tools.map((t) => t.name).join(', ')}`,
          );
      }
      return say(...(lines.length ? lines : ['no MCP servers in this session']));
    }
    case 'prompts':
      return say(...(await listPromptCommands(session.hub)));
    case 'prompt': {
      const r = await runPrompt(intent, session.hub);
      return 'error' in r ? fail(r.error) : { notices: [], events: [], message: r.message };
    }
    case 'model':
      return say(
        intent.model
          ? 'the model is chosen when the session starts: --model NAME or KAPTAIN_MODEL'
          : `model: ${session.started?.model ?? state.started?.model ?? '(rules planner, no model)'}`,
      );
    case 'models':
      return say('list models with your server (e.g. ollama list); choose one with --model');
    case 'session':
      return say(`session ${session.file.id} — ${state.calls.length} calls, policy ${state.policy}`);
    case 'sessions': {
      const { SessionStore } = await import('../sessions/store.js');
      const list = new SessionStore().list();
      return say(
        ...(list.length
          ? list.map(
              (s) =>
                `${s.id}  ${s.command.padEnd(6)} ${String(s.events).padStart(5)} events${s.pending ? '  awaiting approval' : ''}${s.name ? `  ${s.name}` : ''}`,
            )
          : ['no sessions']),
      );
    }
    case 'resume':
      return say(`quit, then run: kaptain-kube chat --resume ${intent.id}`);
  }
}

async function exportTo(intent: EventIntent<'export'>, session: CommandSession): Promise<CommandOutcome> {
  if (!session.file.read) return fail('/export needs the session transcript');
  const { exportSession } = await import('../sessions/export.js');
  const { writeTreeAtomically } = await import('../manifests/writer.js');
  const format = intent.kustomize ? 'kustomize' : 'manifests';
  const files = exportSession(session.file.read(), format);
  if (files.size === 0) return fail('nothing approved yet to export');
  // The same rules as `sessions export`: --force replaces only what kaptain-kube wrote there.
  try {
    await writeTreeAtomically(intent.path, files, { force: intent.force });
  } catch (err) {
    const { outputWriteError } = await import('../manifests/output-dir.js');
    const refusal = outputWriteError(err, 'directory');
    if (!refusal) throw err;
    return fail(refusal.message, ...refusal.details);
  }
  return { notices: [], events: [{ type: 'export', format, path: intent.path, files: files.size }] };
}

type EventIntent<T extends SessionIntent['type']> = Extract<SessionIntent, { type: T }>;

/** The line every face shows for an event a command records. */
export function describeCommandEvent(e: SessionEvent): string | undefined {
  switch (e.type) {
    case 'permissions.changed':
      return `${e.action === 'add' ? 'allowed' : 'revoked'}: ${e.rule.server}/${e.rule.tool} for this session`;
    case 'policy.changed':
      return `approval policy: ${e.policy}`;
    case 'export':
      return `exported ${e.files} file(s) as ${e.format} to ${e.path}`;
    default:
      return undefined;
  }
}
