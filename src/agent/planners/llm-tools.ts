// Compact tools for the model. The session holds the resolved app context, so the model
// names a plan step (or a tool) and only the fields that change; the host expands that
// into the exact call the rules planner would make — same server, tool and arguments —
// before it reaches the approval gate, so cards and the transcript show the real call.
// The MCP servers keep their full schemas for every other client.
import { createHash } from 'node:crypto';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import type { SessionState } from '../../sessions/state.js';
import { renderWorkspace, workspaceFiles } from '../../manifests/workspace.js';
import { resolveComponentNames } from '../../plan/components.js';
import { VALIDATE_STEP_ID } from '../../plan/steps.js';
import type { PlannerCall } from '../engine.js';
import { estimateTokens } from './llm-budget.js';
import {
  ANALYSIS_STEP,
  APPLY_STEP,
  describePlan,
  planForGoal,
  type DeployGoal,
  type DeployTarget,
} from './rules-deploy.js';

export interface LlmTool {
  server: string;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ToolNames {
  nameFor(server: string, tool: string): string;
  resolve(name: string): { server: string; tool: string } | undefined;
}

/** What a compact call comes to: an MCP call for the gate, or an answer the host gives itself. */
export type Expansion =
  | { kind: 'call'; call: Omit<PlannerCall, 'reasons' | 'llm'> }
  | { kind: 'local'; content: string }
  | { kind: 'error'; message: string };

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
});
const APP_REF = { type: 'string', description: 'app name; the host fills in its resolved context' };
const OVERRIDES = { type: 'object', description: 'fields merged into the app context for this call only' };
const S = { type: 'string' };

/** The always-on set: small schemas, enough for a whole deploy. */
const CORE: { name: string; description: string; parameters: Record<string, unknown> }[] = [
  {
    name: 'plan',
    description: 'Load an AppDeployment, analyse its Dockerfile; returns the components and step ids in order.',
    parameters: obj({ config_path: S }),
  },
  {
    name: 'generate_component',
    description: 'Run one plan step; the host passes the resolved app context.',
    parameters: obj(
      { component: { type: 'string', description: 'step id from the plan' }, app: APP_REF, overrides: OVERRIDES },
      ['component'],
    ),
  },
  {
    name: 'set_field',
    description:
      'Change the plan for the session (cpu, memory, image; disable or enable a component); then re-generate the steps it names.',
    parameters: obj({ field: { type: 'string', enum: ['cpu', 'memory', 'image', 'disable', 'enable'] }, value: S }, [
      'field',
      'value',
    ]),
  },
  { name: 'validate', description: 'Validate all manifests generated so far.', parameters: obj({}) },
  {
    name: 'apply',
    description: 'Server-side apply the manifests to the cluster; only when asked. Dry run first.',
    parameters: obj({ dry_run: { type: 'boolean' } }, ['dry_run']),
  },
  {
    name: 'kubectl_read',
    description: 'Read-only kubectl command (get, describe, logs, events).',
    parameters: obj({ command: S, namespace: S }, ['command']),
  },
  {
    name: 'kubectl_write',
    description: 'kubectl command that changes the cluster; only when asked.',
    parameters: obj({ command: S, namespace: S }, ['command']),
  },
  {
    name: 'find_tools',
    description:
      'Search the other tools (scans, compliance, cost, GitOps …) by words or server; matches are offered next turn.',
    parameters: obj({ query: S, server: S }),
  },
  { name: 'read_file', description: 'Read a generated file by path.', parameters: obj({ path: S }, ['path']) },
];
const CORE_NAMES = new Set(CORE.map((t) => t.name));
/** Host-answered tools: nothing reaches the gate or the transcript. */
const LOCAL_NAMES = new Set(['find_tools', 'read_file', 'set_field']);
const MAX_DISCOVERED = 6;

const props = (t: LlmTool) => (t.inputSchema.properties ?? {}) as Record<string, unknown>;

/** A discovered tool's schema as the model sees it: `app` by reference, file sets and cluster credentials from the session. */
function compactSchema(t: LlmTool): Record<string, unknown> {
  const p = { ...props(t) };
  const takesApp = 'app' in p;
  for (const k of ['app', 'files', 'yaml', 'kubeconfig', 'context']) delete p[k];
  const required = ((t.inputSchema.required ?? []) as string[]).filter((k) => k in p);
  return {
    type: 'object',
    properties: takesApp ? { app: APP_REF, overrides: OVERRIDES, ...p } : p,
    ...(required.length ? { required } : {}),
  };
}

const firstSentence = (s: string) => (/^[^\n]*?[.!?](\s|$)/.exec(s)?.[0] ?? s.split('\n')[0]).trim().slice(0, 200);

function merge(base: unknown, patch: unknown): unknown {
  if (
    !patch ||
    typeof patch !== 'object' ||
    Array.isArray(patch) ||
    !base ||
    typeof base !== 'object' ||
    Array.isArray(base)
  )
    return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) out[k] = merge(out[k], v);
  return out;
}

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export class CompactToolbox {
  goal?: DeployGoal;
  private configPath?: string;
  private readonly discovered: string[] = [];
  private readonly byName = new Map<string, LlmTool>();

  constructor(
    private readonly tools: LlmTool[],
    private readonly names: ToolNames,
    private readonly loadTarget: (path: string) => Promise<DeployTarget>,
  ) {
    for (const t of tools) this.byName.set(names.nameFor(t.server, t.name), t);
  }

  /** The user named a config: it becomes the session's app unless the model plans another. */
  async useConfig(path: string): Promise<void> {
    if (this.configPath === path && this.goal) return;
    const target = await this.loadTarget(path);
    this.configPath = path;
    this.goal = { target, disabled: this.goal?.disabled, overrides: this.goal?.overrides };
  }

  definitions(): ChatCompletionTool[] {
    const core = CORE.map((t) => ({ type: 'function' as const, function: t }));
    const found = this.discovered
      .map((name) => this.byName.get(name)!)
      .map((t) => ({
        type: 'function' as const,
        function: {
          name: this.names.nameFor(t.server, t.name),
          description: firstSentence(t.description),
          parameters: compactSchema(t),
        },
      }));
    return [...core, ...found];
  }

  /** Expands a compact (or full-name) call against the session. */
  async expand(
    name: string,
    args: Record<string, unknown>,
    state: SessionState,
    maxItemTokens: number,
  ): Promise<Expansion> {
    const files = () => workspaceFiles(state.workspace);
    switch (name) {
      case 'plan': {
        const path = typeof args.config_path === 'string' ? args.config_path : this.configPath;
        if (!path) return { kind: 'error', message: 'plan: name config_path, the AppDeployment YAML to deploy' };
        try {
          await this.useConfig(path);
        } catch (err) {
          return { kind: 'error', message: `plan: ${(err as Error).message}` };
        }
        const t = this.goal!.target;
        // The analysis is the rules planner's first call: its facts shape the plan.
        if (t.dockerfilePath)
          return {
            kind: 'call',
            call: {
              server: 'docker-analysis',
              tool: 'analyze_dockerfile',
              args: { dockerfile_path: t.dockerfilePath, build_context: t.buildContextPath },
              step: ANALYSIS_STEP,
              component: 'analysis',
            },
          };
        return { kind: 'local', content: this.planText(state) };
      }
      case 'generate_component': {
        if (!this.goal)
          return { kind: 'error', message: 'generate_component: call plan first, so the session has an app' };
        const plan = planForGoal(state, this.goal);
        const id = String(args.component ?? '');
        const step =
          plan.steps.find((s) => s.id === id && s.id !== VALIDATE_STEP_ID) ??
          plan.steps.find((s) => s.component === id && s.id !== VALIDATE_STEP_ID);
        if (!step)
          return {
            kind: 'error',
            message: `generate_component: "${id}" is not a step of the plan; steps: ${plan.steps
              .filter((s) => s.id !== VALIDATE_STEP_ID)
              .map((s) => s.id)
              .join(', ')}`,
          };
        const stepArgs =
          args.overrides && typeof args.overrides === 'object'
            ? { ...step.args, app: merge(step.args.app, args.overrides) }
            : step.args;
        return {
          kind: 'call',
          call: { server: step.server, tool: step.tool, args: stepArgs, step: step.id, component: step.component },
        };
      }
      case 'validate':
        return {
          kind: 'call',
          call: {
            server: 'k8s-manifest-generator',
            tool: 'validate_manifests',
            args: { files: files() },
            step: VALIDATE_STEP_ID,
            component: 'validation',
          },
        };
      case 'apply':
        return {
          kind: 'call',
          call: {
            server: 'k8s-manifest-generator',
            tool: 'apply_manifests',
            args: { files: files(), dryRun: args.dry_run !== false },
            step: APPLY_STEP,
            component: 'apply',
          },
        };
      case 'kubectl_read':
      case 'kubectl_write':
        return { kind: 'call', call: { server: 'kubectl', tool: name, args } };
      case 'set_field':
        return this.setField(String(args.field ?? ''), String(args.value ?? ''), state);
      case 'find_tools':
        return {
          kind: 'local',
          content: this.find(
            typeof args.query === 'string' ? args.query : '',
            typeof args.server === 'string' ? args.server : undefined,
          ),
        };
      case 'read_file': {
        const path = String(args.path ?? '');
        const text = renderWorkspace(state.workspace, new Set([path])).get(path);
        if (text === undefined)
          return {
            kind: 'local',
            content: `No generated file "${path}". Files: ${
              files()
                .map((f) => f.path)
                .join(', ') || 'none yet'
            }.`,
          };
        const tokens = estimateTokens(text);
        if (tokens > maxItemTokens)
          return {
            kind: 'local',
            content: `${path} (sha256 ${contentHash(text)}) is about ${tokens} tokens, more than fits this model's context (${maxItemTokens} tokens for one item). It holds: ${files()
              .find((f) => f.path === path)!
              .objects.map((o) => `${o.kind}/${o.metadata.name}`)
              .join(', ')}.`,
          };
        return { kind: 'local', content: `${path} (sha256 ${contentHash(text)}):\n${text}` };
      }
    }
    const target = this.names.resolve(name);
    if (!target) return { kind: 'error', message: `${name}: there is no such tool (use find_tools to search)` };
    const tool = this.tools.find((t) => t.server === target.server && t.name === target.tool);
    const p = tool ? props(tool) : {};
    const out = { ...args };
    delete out.overrides;
    // An app given by reference (or not at all) is the session's; a full object passes as written.
    if ('app' in p && (typeof args.app !== 'object' || args.app === null)) {
      if (!this.goal) return { kind: 'error', message: `${name}: call plan first, so the session has an app` };
      const app = planForGoal(state, this.goal).app;
      out.app = args.overrides && typeof args.overrides === 'object' ? merge(app, args.overrides) : app;
    }
    if ('files' in p && out.files === undefined && out.yaml === undefined) out.files = files();
    return { kind: 'call', call: { server: target.server, tool: target.tool, args: out } };
  }

  planText(state: SessionState): string {
    if (!this.goal) return 'No app loaded yet.';
    const plan = planForGoal(state, this.goal);
    const steps = plan.steps.filter((s) => s.id !== VALIDATE_STEP_ID).map((s) => s.id);
    return `${describePlan(plan)}\nSteps for generate_component, in order: ${steps.join(', ')}; then validate.`;
  }

  private setField(field: string, value: string, state: SessionState): Expansion {
    if (!this.goal) return { kind: 'error', message: 'set_field: call plan first, so the session has an app' };
    const before = planForGoal(state, this.goal);
    const g = this.goal;
    if (field === 'cpu' || field === 'memory' || field === 'image') g.overrides = { ...g.overrides, [field]: value };
    else if (field === 'disable' || field === 'enable') {
      let ids;
      try {
        ids = resolveComponentNames([value]);
      } catch (err) {
        return { kind: 'error', message: `set_field: ${(err as Error).message}` };
      }
      const set = new Set(g.disabled ?? []);
      for (const id of ids) field === 'disable' ? set.add(id) : set.delete(id);
      g.disabled = [...set];
    } else
      return { kind: 'error', message: `set_field: unknown field "${field}" (cpu, memory, image, disable, enable)` };
    this.goal = { ...g };
    const after = planForGoal(state, this.goal);
    const changed = after.steps
      .filter(
        (s) =>
          s.id !== VALIDATE_STEP_ID &&
          JSON.stringify(s.args) !== JSON.stringify(before.steps.find((b) => b.id === s.id)?.args),
      )
      .map((s) => s.id);
    const gone = before.steps.filter((s) => !after.steps.some((a) => a.id === s.id)).map((s) => s.id);
    return {
      kind: 'local',
      content: `${field} ${field === 'disable' || field === 'enable' ? `${field}d: ${value}` : `set to ${value}`}. Steps to (re-)generate: ${changed.join(', ') || 'none'}${gone.length ? `; no longer in the plan: ${gone.join(', ')}` : ''}. Then validate.`,
    };
  }

  private find(query: string, server?: string): string {
    const words = query
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 2);
    const hits = [...this.byName.entries()]
      .filter(([, t]) => !server || t.server === server)
      .map(([name, t]) => ({
        name,
        t,
        score: words.filter((w) => `${name} ${t.description}`.toLowerCase().includes(w)).length,
      }))
      .filter((h) => words.length === 0 || h.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_DISCOVERED);
    if (hits.length === 0)
      return `No tool matches${query ? ` "${query}"` : ''}${server ? ` on server ${server}` : ''}. Servers: ${[...new Set(this.tools.map((t) => t.server))].join(', ')}.`;
    for (const h of hits) {
      const at = this.discovered.indexOf(h.name);
      if (at >= 0) this.discovered.splice(at, 1);
      this.discovered.push(h.name);
    }
    // Only the latest few stay offered, so requests stay small.
    this.discovered.splice(0, Math.max(0, this.discovered.length - MAX_DISCOVERED));
    return `Offered on your next turn (app is filled in by the host):\n${hits.map((h) => `- ${h.name}: ${firstSentence(h.t.description)}`).join('\n')}`;
  }
}
