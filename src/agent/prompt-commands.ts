// MCP servers' prompts as slash commands, `/server:prompt ARGS` as Gemini CLI offers them:
// arguments as name=value (quoted when they hold spaces) or, in the prompt's own order,
// bare values. The prompt's messages become the user's next line to the planner.
import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';

export interface PromptIntent {
  type: 'prompt';
  server: string;
  prompt: string;
  args: string[];
}

/** What running a prompt needs of the hub (McpHub has it). */
export interface PromptHub {
  serverNames(): string[];
  listPrompts?(server: string): Promise<Prompt[]>;
  getPrompt?(server: string, name: string, args: Record<string, string>): Promise<GetPromptResult>;
}

/** `/server:prompt …` → its intent; undefined for anything else. */
export function parsePromptCommand(line: string): PromptIntent | undefined {
  const m = /^\/([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?:\s+(.*))?$/s.exec(line.trim());
  if (!m) return undefined;
  const args = [...(m[3] ?? '').matchAll(/([\w-]+=)?(?:"([^"]*)"|'([^']*)'|(\S+))/g)].map(
    (t) => `${t[1] ?? ''}${t[2] ?? t[3] ?? t[4]}`,
  );
  return { type: 'prompt', server: m[1], prompt: m[2], args };
}

function argumentsFor(server: string, prompt: Prompt, words: string[]): Record<string, string> | string {
  const declared = prompt.arguments ?? [];
  const out: Record<string, string> = {};
  const positional: string[] = [];
  for (const w of words) {
    const eq = /^([\w-]+)=(.*)$/s.exec(w);
    if (eq && declared.some((a) => a.name === eq[1])) out[eq[1]] = eq[2];
    else positional.push(w);
  }
  for (const a of declared) if (out[a.name] === undefined && positional.length) out[a.name] = positional.shift()!;
  if (positional.length) return `too many values for ${usage(prompt, server)}`;
  const missing = declared.filter((a) => a.required && !out[a.name]).map((a) => a.name);
  return missing.length ? `${missing.join(', ')} missing: ${usage(prompt, server)}` : out;
}

function usage(p: Prompt, server?: string): string {
  const args = (p.arguments ?? []).map((a) => (a.required ? `${a.name}=…` : `[${a.name}=…]`));
  return [`/${server ? `${server}:` : ''}${p.name}`, ...args].join(' ');
}

/** The prompt's messages as one line for the planner: text as it is, other content named. */
function asLine(result: GetPromptResult): string {
  return result.messages
    .map((m) => {
      const c = m.content;
      const text =
        c.type === 'text'
          ? c.text
          : c.type === 'resource'
            ? 'text' in c.resource
              ? c.resource.text
              : `[resource ${c.resource.uri}]`
            : c.type === 'resource_link'
              ? `[resource ${c.uri}]`
              : `[${c.type} ${c.mimeType}]`;
      return m.role === 'user' ? text : `(${m.role}) ${text}`;
    })
    .join('\n\n');
}

/** Runs `/server:prompt`: the line to send the planner, or why it cannot. */
export async function runPrompt(
  intent: PromptIntent,
  hub: PromptHub | undefined,
): Promise<{ message: string } | { error: string }> {
  if (!hub?.listPrompts || !hub.getPrompt)
    return { error: `/${intent.server}:${intent.prompt} needs the session's MCP servers` };
  if (!hub.serverNames().includes(intent.server))
    return { error: `no MCP server named "${intent.server}"; /prompts lists the prompts of every server` };
  const prompts = await hub.listPrompts(intent.server).catch((err: Error) => err);
  if (prompts instanceof Error) return { error: `${intent.server}: ${prompts.message}` };
  const prompt = prompts.find((p) => p.name === intent.prompt);
  if (!prompt) return { error: `${intent.server} has no prompt "${intent.prompt}"; /prompts lists them` };
  const args = argumentsFor(intent.server, prompt, intent.args);
  if (typeof args === 'string') return { error: args };
  const result = await hub.getPrompt(intent.server, prompt.name, args).catch((err: Error) => err);
  if (result instanceof Error) return { error: `${intent.server}:${prompt.name} failed: ${result.message}` };
  return { message: asLine(result) };
}

/** One line per prompt of every server, as the slash command that runs it. */
export async function listPromptCommands(hub: PromptHub | undefined): Promise<string[]> {
  if (!hub?.listPrompts) return ['no MCP servers in this session'];
  const lines: string[] = [];
  for (const server of hub.serverNames()) {
    const prompts = await hub.listPrompts(server).catch(() => []);
    for (const p of prompts) lines.push(`${usage(p, server)}${p.description ? ` — ${p.description}` : ''}`);
  }
  return lines.length ? lines : ['no MCP server in this session offers prompts'];
}
