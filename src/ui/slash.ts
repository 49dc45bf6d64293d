// Slash commands as declarative objects: name, summary, and a parser into a plain
// intent the controller carries out. kubectl-ai's bare meta-commands work too.
import { POLICIES, type Policy } from '../agent/events.js';

export type SlashIntent =
  | { type: 'help' }
  | { type: 'plan' }
  | { type: 'diff' }
  | { type: 'export'; path: string; kustomize: boolean; force: boolean }
  | { type: 'sessions' }
  | { type: 'resume'; id: string }
  | { type: 'permissions'; revoke?: string }
  | { type: 'policy'; policy?: Policy }
  | { type: 'model'; model?: string }
  | { type: 'models' }
  | { type: 'tools' }
  | { type: 'mcp' }
  | { type: 'clear' }
  | { type: 'quit' }
  | { type: 'error'; message: string };

export interface SlashCommand {
  name: string;
  /** Bare words that mean the same, for people coming from kubectl-ai. */
  bare?: string[];
  args?: string;
  summary: string;
  parse(args: string[]): SlashIntent;
}

export const SLASH_COMMANDS: SlashCommand[] = [
  { name: 'help', summary: 'keys and commands', parse: () => ({ type: 'help' }) },
  { name: 'plan', summary: 'the components and why each was chosen', parse: () => ({ type: 'plan' }) },
  { name: 'diff', summary: 'what the last change did to the manifests', parse: () => ({ type: 'diff' }) },
  {
    name: 'export',
    args: 'DIR [--kustomize] [--force]',
    summary: 'write the approved manifests to a directory',
    parse: (a) => {
      const path = a.find((x) => !x.startsWith('--'));
      return path ? { type: 'export', path, kustomize: a.includes('--kustomize'), force: a.includes('--force') } : { type: 'error', message: 'usage: /export DIR [--kustomize] [--force]' };
    },
  },
  { name: 'sessions', bare: ['sessions'], summary: 'list saved sessions', parse: () => ({ type: 'sessions' }) },
  { name: 'resume', args: 'ID', summary: 'how to resume another session', parse: (a) => (a[0] ? { type: 'resume', id: a[0] } : { type: 'error', message: 'usage: /resume ID' }) },
  {
    name: 'permissions',
    args: '[revoke SERVER/TOOL]',
    summary: 'tools always allowed in this session; revoke one',
    parse: (a) => (a[0] === 'revoke' ? (a[1] ? { type: 'permissions', revoke: a[1] } : { type: 'error', message: 'usage: /permissions revoke SERVER/TOOL' }) : { type: 'permissions' }),
  },
  {
    name: 'policy',
    args: '[ask|auto-read|suggest|yes]',
    summary: 'show or change the approval policy',
    parse: (a) => {
      if (!a[0]) return { type: 'policy' };
      return (POLICIES as readonly string[]).includes(a[0]) ? { type: 'policy', policy: a[0] as Policy } : { type: 'error', message: `policy must be one of ${POLICIES.join(', ')}` };
    },
  },
  { name: 'model', bare: ['model'], args: '[NAME]', summary: 'show or set the model (openai planner)', parse: (a) => ({ type: 'model', model: a[0] }) },
  { name: 'models', bare: ['models'], summary: 'list models the server offers', parse: () => ({ type: 'models' }) },
  { name: 'tools', bare: ['tools'], summary: 'tools of every MCP server', parse: () => ({ type: 'tools' }) },
  { name: 'mcp', summary: 'MCP servers and their state', parse: () => ({ type: 'mcp' }) },
  { name: 'clear', bare: ['clear'], summary: 'clear the screen (the transcript is kept)', parse: () => ({ type: 'clear' }) },
  { name: 'quit', bare: ['exit', 'quit'], summary: 'leave; the session stays resumable', parse: () => ({ type: 'quit' }) },
];

/** A slash command or bare meta-command, or undefined for a line meant for the agent. */
export function parseSlash(line: string): SlashIntent | undefined {
  const trimmed = line.trim();
  const words = trimmed.split(/\s+/);
  if (trimmed.startsWith('/')) {
    const name = words[0].slice(1);
    const cmd = SLASH_COMMANDS.find((c) => c.name === name);
    return cmd ? cmd.parse(words.slice(1)) : { type: 'error', message: `unknown command /${name}; try /help` };
  }
  if (words.length === 1) {
    const cmd = SLASH_COMMANDS.find((c) => c.bare?.includes(words[0]));
    if (cmd) return cmd.parse([]);
  }
  if (words[0] === 'model' && words.length === 2) return { type: 'model', model: words[1] };
  return undefined;
}

/** Completion hints for a partly typed slash command. */
export function completeSlash(prefix: string): string[] {
  if (!prefix.startsWith('/') || prefix.includes(' ')) return [];
  return SLASH_COMMANDS.filter((c) => `/${c.name}`.startsWith(prefix)).map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`);
}
