// The rules planner in a conversation: each user line is a command of the small chat
// language; the goal (app, disabled components, overrides) is folded from every line
// so far, and the shared deploy core brings the workspace in line with it.
import { COMPONENT_IDS, type ComponentId } from '../../plan/app-context.js';
import { resolveComponentNames } from '../../plan/components.js';
import { planReplicas } from '../../plan/replicas.js';
import { readRequirements } from '../../plan/requirements.js';
import type { Suggestion } from '../../plan/types.js';
import { workspaceFiles } from '../../manifests/workspace.js';
import { chatHelp, parseChatCommand, type ChatIntent } from '../commands.js';
import type { Planner, PlannerMove } from '../engine.js';
import type { SessionState } from '../../sessions/state.js';
import {
  describePlan,
  formatReason,
  nextDeployMove,
  planForGoal,
  type DeployGoal,
  type DeployTarget,
} from './rules-deploy.js';
import { RulesSystemPlanner } from './rules-system.js';

export type TargetLoader = (path: string) => Promise<DeployTarget>;
/** Every app of a Compose file or a directory of configs; undefined when the path is one app's config. */
type SystemLoader = (path: string) => Promise<DeployTarget[] | undefined>;

interface ChatGoal {
  path?: string;
  disabled: Set<ComponentId>;
  cpu?: string;
  memory?: string;
  replicas?: { min: number; max?: number };
  /** `accept suggestion`: the plan's suggestions win over the config's values from here on. */
  accept?: boolean;
  profile?: 'standard' | 'pci' | 'hipaa' | 'fips';
}

export class RulesChatPlanner implements Planner {
  readonly name = 'rules';
  private handledUpTo: number;
  private goal: ChatGoal = { disabled: new Set() };
  private target?: { path: string; target: DeployTarget };
  private systemTargets?: { path: string; targets: DeployTarget[] };
  private systemPlanner?: { key: string; planner: RulesSystemPlanner };
  private goalSince = -1;
  private applyRequest?: { dryRun: boolean; seq: number };
  /** The suggestion `accept suggestion` applied to the current goal, if any. */
  private accepted?: Suggestion;

  /** `resumedState`: lines already answered in an earlier run are folded, not answered again. */
  constructor(
    private readonly load: TargetLoader,
    resumedState?: SessionState,
    private readonly loadSystem?: SystemLoader,
  ) {
    this.handledUpTo = resumedState?.lastSeq ?? -1;
    for (const m of resumedState?.messages ?? []) {
      if (m.role !== 'user') continue;
      const intent = parseChatCommand(m.text);
      if (intent && intent.kind !== 'error') this.fold(intent, m.seq);
    }
  }

  private fold(intent: ChatIntent, seq: number): string | undefined {
    const g = this.goal;
    switch (intent.kind) {
      case 'deploy':
        this.goal = { path: intent.path, disabled: new Set() };
        this.goalSince = seq;
        return undefined;
      case 'disable':
      case 'enable': {
        let ids: ComponentId[];
        try {
          ids = resolveComponentNames([intent.component]);
        } catch (err) {
          return (err as Error).message;
        }
        for (const id of ids) intent.kind === 'disable' ? g.disabled.add(id) : g.disabled.delete(id);
        this.goalSince = seq;
        return `${intent.kind === 'disable' ? 'Disabled' : 'Enabled'} ${ids.join(', ')}; re-running the affected generators.`;
      }
      case 'set':
        if (intent.cpu) g.cpu = intent.cpu;
        if (intent.memory) g.memory = intent.memory;
        this.goalSince = seq;
        return `Resources set to ${[g.cpu && `cpu ${g.cpu}`, g.memory && `memory ${g.memory}`].filter(Boolean).join(', ')}.`;
      case 'replicas':
        // "replicas 4" keeps a maximum set earlier in the chat, raised to the new minimum if needed.
        g.replicas = {
          min: intent.min,
          max: intent.max ?? (g.replicas?.max !== undefined ? Math.max(g.replicas.max, intent.min) : undefined),
        };
        g.accept = false;
        this.goalSince = seq;
        return intent.max === undefined
          ? `Minimum replicas set to ${intent.min}.`
          : `Replicas set to ${intent.min}–${intent.max}.`;
      case 'accept':
        g.accept = true;
        this.goalSince = seq;
        return undefined;
      case 'profile':
        g.profile = intent.profile;
        this.goalSince = seq;
        return `Security profile set to ${intent.profile}.`;
      case 'apply':
        this.applyRequest = { dryRun: intent.dryRun, seq };
        return undefined;
      default:
        return undefined;
    }
  }

  /** `deploy compose.yaml` or `deploy DIR`: the system planner for the goal (made again when the goal changes). */
  private async systemFor(): Promise<RulesSystemPlanner | string | undefined> {
    const g = this.goal;
    if (!g.path || !this.loadSystem || this.target?.path === g.path) return undefined;
    if (this.systemTargets?.path !== g.path) {
      let targets: DeployTarget[] | undefined;
      try {
        targets = await this.loadSystem(g.path);
      } catch (err) {
        this.goal = { disabled: new Set() };
        const e = err as Error & { details?: string[] };
        return [e.message, ...(e.details ?? [])].join('\n');
      }
      if (!targets) return undefined;
      if (targets.length === 1) {
        this.target = { path: g.path, target: targets[0] };
        return undefined;
      }
      this.systemTargets = { path: g.path, targets };
    }
    const key = JSON.stringify([g.path, this.goalSince, [...g.disabled], g.cpu, g.memory]);
    if (this.systemPlanner?.key !== key)
      this.systemPlanner = {
        key,
        planner: new RulesSystemPlanner({
          targets: this.systemTargets.targets,
          disabled: [...g.disabled],
          overrides: { cpu: g.cpu, memory: g.memory },
          announcedSince: this.goalSince,
        }),
      };
    return this.systemPlanner.planner;
  }

  private async deployGoal(): Promise<DeployGoal | string | undefined> {
    const g = this.goal;
    if (!g.path) return undefined;
    if (!this.target || this.target.path !== g.path) {
      try {
        this.target = { path: g.path, target: await this.load(g.path) };
      } catch (err) {
        this.goal = { disabled: new Set() };
        const e = err as Error & { details?: string[] };
        return [e.message, ...(e.details ?? [])].join('\n');
      }
    }
    const base = this.target.target;
    const spec = base.config.spec;
    // Chat adjustments are applied to a copy of the config, never to the file.
    let config = {
      ...base.config,
      spec: {
        ...spec,
        securityProfile: g.profile ?? spec.securityProfile,
        scaling: g.replicas
          ? {
              ...spec.scaling,
              minReplicas: g.replicas.min,
              maxReplicas: g.replicas.max ?? Math.max(spec.scaling.maxReplicas, g.replicas.min),
            }
          : spec.scaling,
      },
    };
    this.accepted = undefined;
    if (g.accept) {
      // Suggestions come from the config and its requirements alone, so a resumed chat accepts the same ones.
      const s = planReplicas(config, readRequirements(spec.requirements), true).suggestions[0];
      if (s) {
        config = {
          ...config,
          spec: {
            ...config.spec,
            scaling: { ...config.spec.scaling, minReplicas: s.minReplicas, maxReplicas: s.maxReplicas },
          },
        };
        this.accepted = s;
      }
    }
    return { target: { ...base, config }, disabled: [...g.disabled], overrides: { cpu: g.cpu, memory: g.memory } };
  }

  async next(state: SessionState): Promise<PlannerMove> {
    const line = state.messages.find((m) => m.role === 'user' && m.seq > this.handledUpTo);
    if (line) {
      this.handledUpTo = line.seq;
      const intent = parseChatCommand(line.text);
      if (!intent)
        return {
          type: 'say',
          text: `I understand commands only (offline rules planner). ${chatHelp()}\nFor free-form conversation, start chat with --llm-provider openai.`,
        };
      if (intent.kind === 'error') return { type: 'say', text: intent.message };
      const ack = this.fold(intent, line.seq);
      const reply = await this.answer(intent, state);
      if (reply ?? ack) return { type: 'say', text: (reply ?? ack)! };
    }
    const system = await this.systemFor();
    if (typeof system === 'string') return { type: 'say', text: system };
    if (system) {
      const move = await system.next(state);
      if (move.type !== 'done') return move;
    } else {
      const goal = await this.deployGoal();
      if (typeof goal === 'string') return { type: 'say', text: goal };
      if (!goal) return { type: 'wait' };
      const move = nextDeployMove(state, goal, { announcedSince: this.goalSince });
      if (move) return move;
    }
    if (
      this.applyRequest &&
      !state.calls.some((c) => c.proposed.tool === 'apply_manifests' && c.proposed.seq > this.applyRequest!.seq)
    ) {
      return {
        type: 'call',
        call: {
          server: 'k8s-manifest-generator',
          tool: 'apply_manifests',
          args: { files: workspaceFiles(state.workspace), dryRun: this.applyRequest.dryRun },
          reasons: ['you asked to apply the approved manifests'],
          step: 'apply',
          component: 'apply',
        },
      };
    }
    return { type: 'wait' };
  }

  async aside(line: string, state: SessionState): Promise<string | undefined> {
    const intent = parseChatCommand(line);
    if (!intent || intent.kind === 'error') return intent?.message;
    return ['plan', 'why', 'diff', 'help'].includes(intent.kind) ? this.answer(intent, state) : undefined;
  }

  private async answer(intent: ChatIntent, state: SessionState): Promise<string | undefined> {
    const needApp = 'There is no app yet: start with `deploy path/to/app-config.yaml`.';
    switch (intent.kind) {
      case 'help':
        return chatHelp();
      case 'accept': {
        const goal = await this.deployGoal();
        if (typeof goal !== 'object') return goal ?? needApp;
        const s = this.accepted;
        return s
          ? `Accepted: replicas ${s.minReplicas}–${s.maxReplicas} (${s.reason.text}); re-running the affected generators.`
          : 'The plan has no suggestion to accept.';
      }
      case 'plan': {
        const system = await this.systemFor();
        if (system) return typeof system === 'string' ? system : system.describe(state);
        const goal = await this.deployGoal();
        return typeof goal === 'string' ? goal : goal ? describePlan(planForGoal(state, goal)) : needApp;
      }
      case 'why': {
        const goal = await this.deployGoal();
        if (typeof goal !== 'object') return goal ?? needApp;
        let ids: ComponentId[];
        try {
          ids = resolveComponentNames([intent.component]);
        } catch {
          return `unknown component "${intent.component}"; known: ${COMPONENT_IDS.join(', ')}`;
        }
        const plan = planForGoal(state, goal);
        return ids
          .map((id) => {
            const c = plan.components.find((x) => x.id === id)!;
            return `${id} is ${c.enabled ? 'in' : 'out of'} the plan: ${c.reasons.map(formatReason).join('; ') || 'no specific reason'}`;
          })
          .join('\n');
      }
      case 'diff': {
        const changes = state.calls
          .filter((c) => c.change && c.proposed.seq > this.goalSince)
          .flatMap((c) => c.change!.diff);
        const drops = state.drops.filter((d) => d.seq > this.goalSince).flatMap((d) => d.diff);
        const all = [...drops, ...changes];
        return all.length === 0 ? 'No changes since the last command.' : all.map((d) => d.patch).join('\n');
      }
      case 'session':
        // Faces carry these out before the planner sees the line; this one reached it another way.
        return `/${intent.command} is a session command: type it on its own line at the chat prompt${intent.command === 'export' ? ` (or run kaptain-kube sessions export ${state.sessionId ?? 'latest'} --output DIR)` : ''}.`;
      default:
        return undefined;
    }
  }
}
