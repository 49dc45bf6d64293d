// Carries out a session command typed in the TUI through the shared command layer and
// returns the lines to show; the events it records reach the view through onEvent.
// Screen-local intents (help, plan, diff, clear, quit) are the controller's and show nothing here.
import { runSessionCommand, type CommandSession, type CommandOutcome } from '../agent/session-commands.js';
import type { LocalIntent, SlashIntent } from './slash.js';

const LOCAL: ReadonlySet<string> = new Set<LocalIntent['type']>(['help', 'plan', 'diff', 'clear', 'quit']);

export async function slashOutcome(intent: SlashIntent, session: CommandSession): Promise<CommandOutcome> {
  if (LOCAL.has(intent.type)) return { notices: [], events: [] };
  return runSessionCommand(intent as Exclude<SlashIntent, LocalIntent>, session);
}

export async function runSlashEffect(intent: SlashIntent, session: CommandSession): Promise<string[]> {
  return (await slashOutcome(intent, session)).notices;
}
