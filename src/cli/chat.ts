// `kaptain-kube chat`: a conversation with the agent. In a terminal it opens the Ink UI;
// without one it reads lines from stdin and prints plain text, so it can be scripted.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ChatFlags } from '../agent/session-runner.js';
import { APPROVAL_POLICIES } from '../vocabulary.js';

/** A whole number of tokens; commander reports a refusal as a usage error naming the flag (exit 2). */
function tokenCount(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${v}" is not a positive whole number of tokens`);
  return n;
}

/** Without a key or a server that needs none, say so before any session starts (exit 2). */
async function needModelServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return;
  const { settings } = await import('../settings.js');
  if (settings().get('baseURL')) return;
  const { InputError } = await import('../errors.js');
  throw new InputError(
    'OPENAI_API_KEY is not set: --llm-provider openai needs a key, or OPENAI_BASE_URL for a server that needs none (Ollama, vLLM, LM Studio)',
  );
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
    .addOption(
      new Option(
        '--approval <policy>',
        'ask: every call waits; auto-read: read-only tools pass; suggest: world-changing tools are only recorded; yes: all pass',
      ).choices(APPROVAL_POLICIES),
    )
    .option('-y, --yes', 'same as --approval yes')
    .option(
      '--force',
      'run calls whose result adds manifest errors; without it, --yes and --approval auto-read stop on them and ask',
    )
    .addOption(
      new Option(
        '--llm-provider <provider>',
        'planner: rules (offline) or openai (any OpenAI-compatible server)',
      ).choices(['rules', 'openai']),
    )
    .option('--model <model>', 'model for the openai provider (default: $KAPTAIN_MODEL or the stored setting)')
    .option('--resume <session>', 'continue a session (id, name or "latest") where it stopped')
    .option('--continue', 'continue the latest session')
    .option('--name <name>', 'name the session')
    .option('--mcp-config <path>', 'mcp.yaml to load external MCP servers from')
    .option('--plain', 'line-based text even in a terminal')
    .option(
      '--context-tokens <n>',
      "the model's context window in tokens; requests never exceed it (default: by model name, 8192 for unknown local models)",
      tokenCount,
    )
    .option(
      '--max-tokens-per-session <n>',
      'stop asking the model once the session has used this many tokens (in + out)',
      tokenCount,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube chat
  $ echo "deploy fixtures/blog-api/app-config.yaml" | kaptain-kube chat --approval yes
  $ kaptain-kube chat --resume latest
  $ OPENAI_API_KEY=... kaptain-kube chat --llm-provider openai --model gpt-4.1-mini
  $ OPENAI_BASE_URL=http://localhost:11434/v1 kaptain-kube chat --llm-provider openai --model llama3.2 --context-tokens 8192`,
    )
    .action(async (flags: ChatFlags) => {
      if ((flags as { llmProvider?: string }).llmProvider === 'openai') await needModelServer();
      const interactive = process.stdin.isTTY && process.stdout.isTTY && !flags.plain;
      if (interactive) {
        const ui = await import('../ui/run.js').catch(() => undefined);
        if (ui) {
          process.exitCode = await ui.runChatUi(flags, (await import('./system-targets.js')).loadSystemTargets);
          return;
        }
      }
      const { runPlainChat } = await import('./plain-chat.js');
      process.exitCode = await runPlainChat(flags);
    });
}
