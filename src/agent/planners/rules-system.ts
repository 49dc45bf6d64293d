// Several AppDeployments deployed as one system, in one session: every app's Dockerfile
// is analysed first, then one plan is announced for the whole system (each app's
// components and the flows between the apps), then each app's generators run with the
// app as the call's scope (its files go to its own folder), and the whole set is
// validated once. The flows come from each config's spec.connectsTo: an app accepts
// traffic only from the apps that list it.
import type { AppContext, ComponentId } from '../../plan/app-context.js';
import type { Plan } from '../../plan/types.js';
import { buildPlan } from '../../plan/plan.js';
import { VALIDATE_STEP_ID } from '../../plan/steps.js';
import { scopedKey, workspaceFiles } from '../../manifests/workspace.js';
import { AppViews } from './app-views.js';
import type { CallRecord, SessionState } from '../../sessions/state.js';
import type { Planner, PlannerMove } from '../engine.js';
import {
  analysisMove,
  applyMove,
  describePlan,
  factsFrom,
  lastCallByStep,
  nextDeployMove,
  planForGoal,
  type ApplyRequest,
  type DeployGoal,
  type DeployTarget,
} from './rules-deploy.js';

export interface RulesSystemOptions {
  /** One target per app; their metadata.name values differ. */
  targets: DeployTarget[];
  disabled?: ComponentId[];
  overrides?: DeployGoal['overrides'];
  planOnly?: boolean;
  apply?: ApplyRequest;
  /** In a chat: the plan is announced again after the message with this sequence number. */
  announcedSince?: number;
}

const SYSTEM_PLAN_PREFIX = 'Plan for the system ';
const FIRST: ComponentId = 'network-policy';

type Peers = NonNullable<AppContext['peers']>;

/** Who calls whom, from each config's connectsTo, with the ports each callee serves. */
function systemPeers(targets: DeployTarget[], plans: Plan[]): { peers: Map<string, Peers>; warnings: string[] } {
  const peers = new Map<string, Peers>(plans.map((p) => [p.app.name, { callers: [], calls: [] }]));
  const byName = new Map(plans.map((p) => [p.app.name, p.app]));
  const warnings: string[] = [];
  targets.forEach((t, i) => {
    const from = plans[i].app;
    for (const to of t.config.spec.connectsTo ?? []) {
      const callee = byName.get(to);
      if (!callee || to === from.name) {
        warnings.push(
          `${from.name}: spec.connectsTo names ${to}, which is not ${to === from.name ? 'another app' : 'an app of this deploy'}; no flow is opened for it`,
        );
        continue;
      }
      const ports = callee.ports.filter((p) => p.protocol !== 'UDP').map((p) => p.port);
      peers.get(from.name)!.calls.push({ name: callee.name, namespace: callee.namespace, ports });
      peers.get(to)!.callers.push({ name: from.name, namespace: from.namespace });
    }
  });
  return { peers, warnings };
}

export class RulesSystemPlanner implements Planner {
  readonly name = 'rules';
  private cache?: { facts: unknown[]; peers: Map<string, Peers>; warnings: string[] };
  private readonly views = new AppViews();
  /** Per app (its calls array, kept while they do not change): the passes it had nothing left to do in, for that workspace and plan. */
  private readonly finished = new WeakMap<
    readonly CallRecord[],
    { workspace: object; plan: Plan; passes: Set<string> }
  >();

  constructor(private readonly opts: RulesSystemOptions) {}

  private scope(t: DeployTarget): string {
    return t.config.metadata.name;
  }

  /** Each app's goal, with the flows of the system once every Dockerfile is analysed. */
  private goals(state: SessionState): { goals: DeployGoal[]; warnings: string[] } {
    const { targets, disabled, overrides } = this.opts;
    const facts = targets.map((t) => factsFrom(this.views.of(state, this.scope(t)), t.dockerfilePath));
    if (!this.cache || this.cache.facts.some((f, i) => f !== facts[i])) {
      const plans = targets.map((t, i) => buildPlan({ config: t.config, facts: facts[i], disabled, overrides }));
      this.cache = { facts, ...systemPeers(targets, plans) };
    }
    const { peers, warnings } = this.cache;
    return {
      goals: targets.map((target) => ({ target, disabled, overrides, peers: peers.get(this.scope(target)) })),
      warnings,
    };
  }

  /** Every app's plan, in the order of the configs. */
  plans(state: SessionState): Plan[] {
    return this.plansOf(state, this.goals(state).goals);
  }

  private plansOf(state: SessionState, goals: DeployGoal[]): Plan[] {
    return goals.map((g) => planForGoal(this.views.of(state, this.scope(g.target)), g));
  }

  /** The flows between the apps (`web → api (TCP 3000)`), and what connectsTo named that is not an app here. */
  flows(state: SessionState): { flows: string[]; warnings: string[] } {
    const { goals, warnings } = this.goals(state);
    const flows = goals.flatMap((g) =>
      (g.peers?.calls ?? []).map(
        (c) => `${this.scope(g.target)} → ${c.name}${c.ports.length ? ` (TCP ${c.ports.join(', ')})` : ''}`,
      ),
    );
    return { flows, warnings };
  }

  describe(state: SessionState): string {
    const { flows, warnings } = this.flows(state);
    const plans = this.plans(state);
    const lines = [
      `${SYSTEM_PLAN_PREFIX}(${plans.length} apps: ${plans.map((p) => p.app.name).join(', ')}; namespace ${[...new Set(plans.map((p) => p.app.namespace))].join(', ')}).`,
      `Flows between the apps (each app accepts only these): ${flows.length ? flows.join('; ') : 'none'}.`,
      ...warnings.map((w) => `  ! ${w}`),
      ...plans.map((p) => describePlan(p)),
    ];
    return lines.join('\n');
  }

  async aside(line: string, state: SessionState): Promise<string | undefined> {
    const word = line.trim().replace(/^[/:]/, '').toLowerCase();
    return word === 'plan' ? this.describe(state) : undefined;
  }

  async next(state: SessionState): Promise<PlannerMove> {
    const { targets } = this.opts;
    // Every Dockerfile first: the flows need every app's ports.
    for (const t of targets) {
      const move = analysisMove(t, lastCallByStep(this.views.of(state, this.scope(t))));
      if (move) return scoped(move, this.scope(t));
    }
    const since = this.opts.announcedSince ?? -1;
    if (!state.messages.some((m) => m.role === 'assistant' && m.seq > since && m.text.startsWith(SYSTEM_PLAN_PREFIX)))
      return { type: 'say', text: this.describe(state) };
    if (this.opts.planOnly) return { type: 'done' };
    // The system owns the whole workspace: what another goal of a chat left there goes.
    const foreign = this.views.outside(state, new Set(targets.map((t) => this.scope(t))));
    if (foreign) return { type: 'drop', key: foreign, reason: 'it is not part of the system being deployed' };
    const { goals } = this.goals(state);
    const plans = this.plansOf(state, goals);
    const perNamespace = new Map<string, number>();
    for (const p of plans) perNamespace.set(p.app.namespace, (perNamespace.get(p.app.namespace) ?? 0) + 1);
    // Every app's NetworkPolicies before any app's pods: the namespace's default deny, once
    // there, would cut off the pods of an app whose own policies are not written yet.
    for (const only of [FIRST, undefined])
      for (const [i, g] of goals.entries()) {
        const scope = this.scope(g.target);
        const view = this.views.of(state, scope);
        // An app with nothing left to do stays so until its calls, contributions or plan change
        // (messages only grow, and a rejection's notice, once said, stays said).
        const plan = plans[i];
        const pass = only ?? '';
        const done = this.finished.get(view.calls);
        const same = done?.workspace === view.workspace && done.plan === plan;
        if (same && done.passes.has(pass)) continue;
        const namespaceShared = (perNamespace.get(plan.app.namespace) ?? 0) > 1;
        const move = nextDeployMove(view, g, { system: true, only, namespaceShared });
        if (move) return scoped(move, scope);
        if (same) done.passes.add(pass);
        else this.finished.set(view.calls, { workspace: view.workspace, plan, passes: new Set([pass]) });
      }
    const files = workspaceFiles(state.workspace);
    const prev = state.calls.findLast((c) => c.proposed.step === VALIDATE_STEP_ID && !c.proposed.scope);
    const done = prev && (!prev.decision || JSON.stringify(prev.proposed.args.files) === JSON.stringify(files));
    if (!done)
      return {
        type: 'call',
        call: {
          server: 'k8s-manifest-generator',
          tool: 'validate_manifests',
          args: { files },
          reasons: ['every object of every app is checked against its schema and production-readiness rules'],
          step: VALIDATE_STEP_ID,
          component: 'validation',
        },
      };
    return applyMove(state, this.opts.apply) ?? { type: 'done' };
  }
}

/** An app's move in the whole session: its call carries the app as scope, its drop the scoped key. */
function scoped(move: PlannerMove, scope: string): PlannerMove {
  if (move.type === 'call') return { type: 'call', call: { ...move.call, scope } };
  if (move.type === 'drop') return { ...move, key: scopedKey(scope, move.key) };
  return move;
}
