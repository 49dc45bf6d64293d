// The offline default planner's core: analyse the Dockerfile through the
// docker-analysis server, plan with the pure planner, then propose one call per plan
// step whose arguments differ from its last call, drop what the plan no longer
// produces, and validate the whole set. Everything is derived from session state and
// the goal, so a resumed session continues where it stopped and a change re-runs
// only the generators whose inputs it changed.
import type { ComponentId } from '../../plan/app-context.js';
import type { AppDeployment } from '../../app-config/schema.js';
import { dockerfileFactsSchema, type DockerfileFacts } from '../../dockerfile/facts.js';
import { workspaceFiles } from '../../manifests/workspace.js';
import { deepFreeze } from '../../manifests/yaml.js';
import { buildPlan } from '../../plan/plan.js';
import { VALIDATE_STEP_ID } from '../../plan/steps.js';
import type { Plan, Reason } from '../../plan/types.js';
import type { Planner, PlannerMove } from '../engine.js';
import type { CallRecord, SessionState } from '../../sessions/state.js';
import { contributionKey } from '../../plan/registry.js';
import { rejectionNotice, skippedByRejection } from './rejection.js';

export interface DeployTarget {
  config: AppDeployment;
  dockerfilePath?: string;
  buildContextPath: string;
}

/** What the user wants: the app and every adjustment made to it so far. */
export interface DeployGoal {
  target: DeployTarget;
  disabled?: ComponentId[];
  overrides?: { cpu?: string; memory?: string; image?: string };
  /** Deployed with other apps (a system): the flows between them. */
  peers?: Plan['app']['peers'];
}

export interface ApplyRequest {
  dryRun: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  forceConflicts?: boolean;
  prune?: boolean;
}

export interface RulesDeployOptions extends DeployGoal {
  /** Stop after planning (--plan-only). */
  planOnly?: boolean;
  /** After validation, apply the set to the cluster (or dry-run it). */
  apply?: ApplyRequest;
}

export const ANALYSIS_STEP = 'analysis';
export const APPLY_STEP = 'apply';
const PLAN_MESSAGE_PREFIX = 'Plan for ';

export function formatReason(r: Reason): string {
  return r.ref && !r.text.includes(r.ref) ? `${r.text} (${r.ref})` : r.text;
}

// The planner compares every plan step's arguments with its last call's on every move;
// arguments are immutable values, so each is serialised once.
const serialised = new WeakMap<object, string>();
const json = (v: unknown): string => {
  if (!v || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  let text = serialised.get(v);
  if (text === undefined) serialised.set(v, (text = JSON.stringify(v)));
  return text;
};
const same = (a: unknown, b: unknown) => a === b || json(a) === json(b);

/** The latest call made for each plan step. */
export function lastCallByStep(state: SessionState): ReadonlyMap<string, CallRecord> {
  // Call lists are never changed in place (each event makes a new one), so one answer per list.
  let out = lastCalls.get(state.calls);
  if (!out) {
    out = new Map<string, CallRecord>();
    for (const c of state.calls) if (c.proposed.step) out.set(c.proposed.step, c);
    lastCalls.set(state.calls, out);
  }
  return out;
}

const lastCalls = new WeakMap<readonly CallRecord[], Map<string, CallRecord>>();

const parsedFacts = new WeakMap<object, DockerfileFacts | undefined>();

export function factsFrom(state: SessionState, dockerfilePath: string | undefined): DockerfileFacts | undefined {
  const call = state.calls.findLast(
    (c) => c.proposed.step === ANALYSIS_STEP && c.proposed.args.dockerfile_path === dockerfilePath,
  );
  const facts = call?.result && !call.result.isError ? call.result.structured?.facts : undefined;
  if (!facts || typeof facts !== 'object') return undefined;
  // Checked once per analysis result, not on every move of the planner.
  if (!parsedFacts.has(facts)) {
    const parsed = dockerfileFactsSchema.safeParse(facts);
    parsedFacts.set(facts, parsed.success ? parsed.data : undefined);
  }
  return parsedFacts.get(facts);
}

const planCache = new WeakMap<object, { inputs: unknown[]; key: string; plan: Plan }>();

export function planForGoal(state: SessionState, goal: DeployGoal): Plan {
  const facts = factsFrom(state, goal.target.dockerfilePath);
  const inputs = [facts, goal.disabled, goal.overrides, goal.peers];
  const hit = planCache.get(goal.target);
  // The very same inputs (a planner asks on every move) need no serialising to compare.
  if (hit && hit.inputs.every((x, i) => x === inputs[i])) return hit.plan;
  const key = `${json(facts ?? null)}|${json(goal.disabled ?? [])}|${json(goal.overrides ?? {})}|${json(goal.peers ?? null)}`;
  if (hit && hit.key === key) {
    hit.inputs = inputs;
    return hit.plan;
  }
  const plan = buildPlan({
    config: goal.target.config,
    facts,
    disabled: goal.disabled,
    overrides: goal.overrides,
    peers: goal.peers,
  });
  // A step's arguments go into every event about its call; frozen, the transcript's
  // redaction walks the app context they share once instead of once per call.
  for (const step of plan.steps) deepFreeze(step.args);
  planCache.set(goal.target, { inputs, key, plan });
  return plan;
}

/** The next move towards the goal, or undefined when the workspace matches the plan. */
export function nextDeployMove(
  state: SessionState,
  goal: DeployGoal,
  opts: {
    planOnly?: boolean;
    announcedSince?: number;
    system?: boolean;
    /** Only the steps of this component (a system places some components of every app first). */
    only?: string;
    /** Other apps of the system share the app's namespace (its Namespace does not go with a rejection). */
    namespaceShared?: boolean;
  } = {},
): PlannerMove | undefined {
  const last = lastCallByStep(state);
  const analysis = analysisMove(goal.target, last);
  if (analysis) return analysis;
  const plan = planForGoal(state, goal);
  const since = opts.announcedSince ?? -1;
  // A system announces one plan for all its apps, and validates them together.
  if (
    !opts.system &&
    !state.messages.some((m) => m.role === 'assistant' && m.seq > since && m.text.startsWith(PLAN_MESSAGE_PREFIX))
  ) {
    return { type: 'say', text: describePlan(plan) };
  }
  if (opts.planOnly) return undefined;

  // Components the plan no longer has lose their objects before anything is regenerated.
  const planned = new Set(plan.steps.map((s) => contributionKey(s.server, s.tool)));
  for (const key of opts.only ? [] : Object.keys(state.workspace)) {
    if (!planned.has(key)) return { type: 'drop', key, reason: 'its component is no longer in the plan' };
  }
  // A rejected call is explained once, with what it takes along; calls that need it are skipped.
  const notice = rejectionNotice(state, plan, same, undefined, opts.namespaceShared);
  if (notice) return { type: 'say', text: notice };
  const skipped = skippedByRejection(state, plan, same);
  for (const step of plan.steps) {
    if ((opts.system && step.id === VALIDATE_STEP_ID) || (opts.only && step.component !== opts.only)) continue;
    if (skipped.has(step.component)) continue;
    const args = step.id === VALIDATE_STEP_ID ? { files: workspaceFiles(state.workspace) } : step.args;
    const prev = last.get(step.id);
    // A step is done when its last call had these arguments, whatever was decided.
    if (prev && same(prev.proposed.args, args) && prev.decision) continue;
    if (prev && !prev.decision) continue;
    return {
      type: 'call',
      call: {
        server: step.server,
        tool: step.tool,
        args,
        reasons: step.reasons.map(formatReason),
        step: step.id,
        component: step.component,
      },
    };
  }
  return undefined;
}

/** The Dockerfile analysis, when the target has a Dockerfile not analysed yet. */
export function analysisMove(target: DeployTarget, last: ReadonlyMap<string, CallRecord>): PlannerMove | undefined {
  const analysis = last.get(ANALYSIS_STEP);
  if (target.dockerfilePath && (!analysis || analysis.proposed.args.dockerfile_path !== target.dockerfilePath)) {
    return {
      type: 'call',
      call: {
        server: 'docker-analysis',
        tool: 'analyze_dockerfile',
        args: {
          dockerfile_path: target.dockerfilePath,
          build_context: target.buildContextPath,
          ...(target.config.spec.buildTarget ? { target: target.config.spec.buildTarget } : {}),
        },
        reasons: ['the plan starts from what the Dockerfile says: ports, user, health check, dependencies'],
        step: ANALYSIS_STEP,
        component: 'analysis',
      },
    };
  }
  return undefined;
}

/** `deploy CONFIG`: one fixed goal, then done. */
export class RulesDeployPlanner implements Planner {
  readonly name = 'rules';
  constructor(private readonly opts: RulesDeployOptions) {}

  planFor(state: SessionState): Plan {
    return planForGoal(state, this.opts);
  }

  async aside(line: string, state: SessionState): Promise<string | undefined> {
    const word = line.trim().replace(/^[/:]/, '').toLowerCase();
    return word === 'plan' ? describePlan(this.planFor(state)) : undefined;
  }

  async next(state: SessionState): Promise<PlannerMove> {
    const move = nextDeployMove(state, this.opts, { planOnly: this.opts.planOnly });
    return move ?? applyMove(state, this.opts.apply) ?? { type: 'done' };
  }
}

/** After validation, the apply call (or its dry run), once, and only for a set that passed. */
export function applyMove(state: SessionState, apply: ApplyRequest | undefined): PlannerMove | undefined {
  const validation = state.calls.find((c) => c.proposed.step === VALIDATE_STEP_ID)?.result?.structured as
    { valid?: boolean } | undefined;
  // Only a set that passed its own validation goes to a cluster, and only once.
  if (apply && validation?.valid && !state.calls.some((c) => c.proposed.step === APPLY_STEP)) {
    return {
      type: 'call',
      call: {
        server: 'k8s-manifest-generator',
        tool: 'apply_manifests',
        args: {
          files: workspaceFiles(state.workspace),
          dryRun: apply.dryRun,
          kubeconfig: apply.kubeconfig,
          context: apply.context,
          namespace: apply.namespace,
          forceConflicts: apply.forceConflicts ?? false,
          prune: apply.prune ?? false,
        },
        reasons: [
          apply.dryRun
            ? 'server-side dry run against the cluster, to show what would change'
            : 'server-side apply to the cluster, in dependency order',
        ],
        step: APPLY_STEP,
        component: 'apply',
      },
    };
  }
  return undefined;
}

export function describePlan(plan: Plan): string {
  const on = plan.components.filter((c) => c.enabled);
  const lines = [
    `${PLAN_MESSAGE_PREFIX}${plan.app.name} (${plan.app.appType}, namespace ${plan.app.namespace}): ${on.length} components, ${plan.steps.length} tool calls.`,
  ];
  for (const c of on)
    lines.push(`  ✓ ${c.id}: ${c.summary}${c.reasons.length ? ` — ${c.reasons.map(formatReason).join('; ')}` : ''}`);
  lines.push(
    `  resources: cpu ${plan.resources.cpu}, memory ${plan.resources.memory} — ${formatReason(plan.resources.reason)}`,
  );
  for (const w of plan.warnings) lines.push(`  ! ${w}`);
  for (const s of plan.suggestions)
    lines.push(
      `  ? suggestion: ${s.text} — in chat type "accept suggestion" (or "replicas ${s.minReplicas}"), or set spec.scaling.minReplicas: ${s.minReplicas}`,
    );
  return lines.join('\n');
}
