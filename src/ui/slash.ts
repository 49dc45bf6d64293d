// The TUI's /commands: the session commands of the shared table (src/agent/session-commands.ts)
// plus the few that only mean something on this screen (help, plan, diff, clear, quit).
import { parseSessionCommand, SESSION_COMMANDS, type ParsedCommand } from '../agent/session-commands.js';

export type LocalIntent = { type: 'help' } | { type: 'plan' } | { type: 'diff' } | { type: 'clear' } | { type: 'quit' };
export type SlashIntent = LocalIntent | ParsedCommand;

interface LocalCommand {
  name: LocalIntent['type'];
  /** Bare words that mean the same (kubectl-ai's `clear` and `exit`). */
  aliases: string[];
  summary: string;
}

const LOCAL_COMMANDS: LocalCommand[] = [
  { name: 'help', aliases: [], summary: 'keys and commands' },
  // The planner answers these two; the UI only forwards them.
  { name: 'plan', aliases: [], summary: 'the components and why each was chosen' },
  { name: 'diff', aliases: [], summary: 'what the last change did to the manifests' },
  { name: 'clear', aliases: ['clear'], summary: 'clear the screen (the transcript is kept)' },
  { name: 'quit', aliases: ['exit', 'quit'], summary: 'leave; the session stays resumable' },
];

/** Every /command in the order help and completion show them. */
export const SLASH_COMMANDS: { name: string; args?: string; summary: string }[] = [
  ...LOCAL_COMMANDS.slice(0, 3),
  ...SESSION_COMMANDS,
  ...LOCAL_COMMANDS.slice(3),
];

/** A /command or a bare meta-command, or undefined for a line meant for the agent. */
export function parseSlash(line: string): SlashIntent | undefined {
  const words = line.trim().split(/\s+/);
  const local = LOCAL_COMMANDS.find(
    (c) => (words[0] === `/${c.name}` || c.aliases.includes(words[0])) && words.length === 1,
  );
  if (local) return { type: local.name };
  const session = parseSessionCommand(line);
  if (session) return session;
  return words[0].startsWith('/') ? { type: 'error', message: `unknown command ${words[0]}; try /help` } : undefined;
}

/** Completion hints for a partly typed slash command; `prompts` are the servers' `/server:prompt …` lines. */
export function completeSlash(prefix: string, prompts: readonly string[] = []): string[] {
  if (!prefix.startsWith('/') || prefix.includes(' ')) return [];
  return [
    ...SLASH_COMMANDS.filter((c) => `/${c.name}`.startsWith(prefix)).map(
      (c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`,
    ),
    ...prompts.filter((p) => p.startsWith(prefix)),
  ];
}

/** What /help prints: every /command with its arguments and summary. */
export function slashHelp(): string {
  const usage = (c: { name: string; args?: string }) => `/${c.name}${c.args ? ` ${c.args}` : ''}`;
  const width = Math.max(...SLASH_COMMANDS.map((c) => usage(c).length));
  return [
    'Commands (also without the slash where kubectl-ai has the word):',
    ...SLASH_COMMANDS.map((c) => `  ${usage(c).padEnd(width)}  ${c.summary}`),
    'Other lines go to the agent (help lists its commands); ? on a pending call lists the keys.',
  ].join('\n');
}
