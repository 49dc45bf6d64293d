// The offline default planner for a deploy: analyse the Dockerfile through the
// docker-analysis server, plan with the pure planner, then propose one generator
// call per plan step in order, and finally validate the whole set. It derives
// everything from session state, so a resumed session continues where it stopped.
import type { ComponentId } from '../../../mcp/shared/app-context.js';
import type { AppDeployment } from '../../app-config/schema.js';
import { dockerfileFactsSchema, type DockerfileFacts } from '../../dockerfile/facts.js';
import { workspaceFiles } from '../../manifests/workspace.js';
import { buildPlan } from '../../plan/plan.js';
import { VALIDATE_STEP_ID } from '../../plan/steps.js';
import type { Plan, Reason } from '../../plan/types.js';
import type { Planner, PlannerMove } from '../engine.js';
import type { SessionState } from '../state.js';

export interface DeployTarget {
  config: AppDeployment;
  dockerfilePath?: string;
  buildContextPath: string;
}

export interface RulesDeployOptions {
  target: DeployTarget;
  disabled?: ComponentId[];
  overrides?: { cpu?: string; memory?: string; image?: string };
  /** Stop after planning (--plan-only). */
  planOnly?: boolean;
}

export const ANALYSIS_STEP = 'analysis';

export function formatReason(r: Reason): string {
  return r.ref && !r.text.includes(r.ref) ? `${r.text} (${r.ref})` : r.text;
}

export class RulesDeployPlanner implements Planner {
  readonly name = 'rules';
  private cached?: { facts?: DockerfileFacts; plan: Plan };

  constructor(private readonly opts: RulesDeployOptions) {}

  /** The facts from the analysis call, once it has a result. */
  factsFrom(state: SessionState): DockerfileFacts | undefined {
    const call = state.calls.find((c) => c.proposed.step === ANALYSIS_STEP);
    const facts = call?.result && !call.result.isError ? call.result.structured?.facts : undefined;
    const parsed = dockerfileFactsSchema.safeParse(facts);
    return parsed.success ? parsed.data : undefined;
  }

  planFor(state: SessionState): Plan {
    const facts = this.factsFrom(state);
    if (!this.cached || this.cached.facts !== facts) {
      this.cached = { facts, plan: buildPlan({ config: this.opts.target.config, facts, disabled: this.opts.disabled, overrides: this.opts.overrides }) };
    }
    return this.cached.plan;
  }

  async next(state: SessionState): Promise<PlannerMove> {
    const { target } = this.opts;
    const byStep = new Map(state.calls.filter((c) => c.proposed.step).map((c) => [c.proposed.step!, c]));
    if (target.dockerfilePath && !byStep.has(ANALYSIS_STEP)) {
      return {
        type: 'call',
        call: {
          server: 'docker-analysis',
          tool: 'analyze_dockerfile',
          args: { dockerfile_path: target.dockerfilePath, build_context: target.buildContextPath },
          reasons: ['the plan starts from what the Dockerfile says: ports, user, health check, dependencies'],
          step: ANALYSIS_STEP,
          component: 'analysis',
        },
      };
    }
    const plan = this.planFor(state);
    if (!state.messages.some((m) => m.role === 'assistant' && m.text.startsWith('Plan for '))) {
      return { type: 'say', text: describePlan(plan) };
    }
    if (this.opts.planOnly) return { type: 'done' };
    for (const step of plan.steps) {
      if (byStep.has(step.id)) continue;
      const args = step.id === VALIDATE_STEP_ID ? { files: workspaceFiles(state.workspace) } : step.args;
      return { type: 'call', call: { server: step.server, tool: step.tool, args, reasons: step.reasons.map(formatReason), step: step.id, component: step.component } };
    }
    return { type: 'done' };
  }
}

export function describePlan(plan: Plan): string {
  const on = plan.components.filter((c) => c.enabled);
  const lines = [`Plan for ${plan.app.name} (${plan.app.appType}, namespace ${plan.app.namespace}): ${on.length} components, ${plan.steps.length} tool calls.`];
  for (const c of on) lines.push(`  ✓ ${c.id}: ${c.summary}${c.reasons.length ? ` — ${c.reasons.map(formatReason).join('; ')}` : ''}`);
  lines.push(`  resources: cpu ${plan.resources.cpu}, memory ${plan.resources.memory} — ${formatReason(plan.resources.reason)}`);
  for (const w of plan.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}
