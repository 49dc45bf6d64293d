// Builds the LLM planner for a session: every tool of every connected MCP server,
// named for the provider and offered through compact tools (llm-tools.ts), the system
// prompt from prompts/, and context for a config the user names (its YAML and the
// offline planner's step order).
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { McpHub } from '../../mcp-client/hub.js';
import { ToolNameMap } from '../../mcp-client/tool-names.js';
import { templatesRoot } from '../../../mcp/shared/templates.js';
import { llmSettings } from '../../settings.js';
import { buildPlan } from '../../plan/plan.js';
import { LlmPlanner, type LlmTool } from './llm.js';
import { loadTarget } from '../session-runner.js';
import { analyzeDockerfile } from '../../dockerfile/analyze.js';

async function referenceContext(text: string): Promise<string | undefined> {
  const path = /([^\s'"]+\.ya?ml)\b/.exec(text)?.[1];
  if (!path) return undefined;
  const target = await loadTarget(path);
  const facts = target.dockerfilePath
    ? await analyzeDockerfile({
        dockerfilePath: target.dockerfilePath,
        contextDir: target.buildContextPath,
        target: target.config.spec.buildTarget,
      }).catch(() => undefined)
    : undefined;
  const plan = buildPlan({ config: target.config, facts });
  const yaml = await readFile(path, 'utf8');
  return [
    `The AppDeployment at ${path}:`,
    '```yaml',
    // Editor hints are no use to the model.
    yaml.replace(/^# yaml-language-server:.*\n/m, '').trimEnd(),
    '```',
    target.dockerfilePath
      ? `Its Dockerfile: ${relative(process.cwd(), target.dockerfilePath)}.`
      : 'It names an image, not a Dockerfile.',
    // The app context is resolved by the host: the model names steps, not payloads.
    `Reference plan from the offline planner: call plan, then generate_component for each step in this order, then validate, unless the requirements call for a change: ${plan.steps
      .filter((s) => s.id !== 'validate')
      .map((s) => s.id)
      .join(', ')}.`,
  ].join('\n');
}

export async function createLlmPlanner(
  hub: McpHub,
  opts: { model?: string; contextTokens?: number; maxTokensPerSession?: number; onToken?: (t: string) => void },
): Promise<LlmPlanner> {
  const names = new ToolNameMap();
  const tools: LlmTool[] = [];
  for (const server of hub.serverNames()) {
    const list = await hub.listTools(server).catch(() => []);
    for (const t of list) {
      names.add(server, t.name);
      tools.push({
        server,
        name: t.name,
        description: t.description,
        inputSchema: t.inputSchema as Record<string, unknown>,
      });
    }
  }
  const system = await readFile(join(templatesRoot(), '..', 'prompts', 'system.md'), 'utf8');
  const s = llmSettings({ model: opts.model, contextTokens: opts.contextTokens });
  return new LlmPlanner({
    model: s.model,
    apiKey: s.apiKey,
    baseURL: s.baseURL,
    system,
    tools,
    namer: names,
    contextFor: referenceContext,
    compact: { loadTarget },
    contextTokens: s.contextTokens,
    maxTokensPerSession: opts.maxTokensPerSession,
    onToken: opts.onToken,
  });
}
