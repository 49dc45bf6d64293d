// `kaptain-kube chat`: a conversation with the agent. In a terminal it opens the Ink UI;
// without one it reads lines from stdin and prints plain text, so it can be scripted.
import { Command, Option } from 'commander';

export interface ChatFlags {
  approval?: 'ask' | 'auto-read' | 'suggest' | 'yes';
  yes?: boolean;
  llmProvider?: 'rules' | 'openai';
  model?: string;
  resume?: string;
  continue?: boolean;
  name?: string;
  mcpConfig?: string;
  plain?: boolean;
}

/** The session a chat opens, whichever face shows it. */
export function chatSessionOptions(flags: ChatFlags) {
  return {
    command: 'chat' as const,
    resume: flags.resume ?? (flags.continue ? 'latest' : undefined),
    name: flags.name,
    policy: flags.yes ? ('yes' as const) : flags.approval,
    planner: flags.llmProvider ?? 'rules',
    model: flags.model,
    mcpConfig: flags.mcpConfig,
    flags: { ...flags },
  };
}

export function register(program: Command): void {
  program
    .command('chat')
    .summary('talk to the agent; approve each tool call and the diff it causes')
    .description(
      'A conversation with the KaptainKube agent. Every proposed MCP tool call waits for a decision (or passes by the approval policy),\n' +
        'and the whole conversation is kept as a session transcript that can be resumed and exported.\n' +
        'Without a terminal, lines are read from stdin: commands for the agent, and y / n REASON / a / d / e JSON answers to pending calls.',
    )
    .addOption(new Option('--approval <policy>', 'ask: every call waits; auto-read: read-only tools pass; suggest: world-changing tools are only recorded; yes: all pass').choices(['ask', 'auto-read', 'suggest', 'yes']))
    .option('-y, --yes', 'same as --approval yes')
    .addOption(new Option('--llm-provider <provider>', 'planner: rules (offline) or openai (any OpenAI-compatible server)').choices(['rules', 'openai']))
    .option('--model <model>', 'model for the openai provider (default: $KAPTAIN_MODEL or the stored setting)')
    .option('--resume <session>', 'continue a session (id, name or "latest") where it stopped')
    .option('--continue', 'continue the latest session')
    .option('--name <name>', 'name the session')
    .option('--mcp-config <path>', 'mcp.yaml to load external MCP servers from')
    .option('--plain', 'line-based text even in a terminal')
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube chat
  $ echo "deploy fixtures/blog-api/app-config.yaml" | kaptain-kube chat --approval yes
  $ kaptain-kube chat --resume latest
  $ OPENAI_API_KEY=... kaptain-kube chat --llm-provider openai --model gpt-4.1-mini`,
    )
    .action(async (flags: ChatFlags) => {
      const interactive = process.stdin.isTTY && process.stdout.isTTY && !flags.plain;
      if (interactive) {
        const ui = await import('../ui/run.js').catch(() => undefined);
        if (ui) {
          process.exitCode = await ui.runChatUi(flags);
          return;
        }
      }
      const { runPlainChat } = await import('./plain-chat.js');
      process.exitCode = await runPlainChat(flags);
    });
}
