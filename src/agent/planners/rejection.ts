// A rejected call takes more than its own objects out of the tree: components that need
// its component have nothing to act on, and a Namespace it would have written leaves
// every other object without a home. The plan says so once, the way --disable-component
// does ("needs service, which is off"), and skips the calls that depend on it.
import type { CallRecord, SessionState } from '../../sessions/state.js';
import { registry as builtins, type ComponentRegistry } from '../../plan/registry.js';
import type { Plan } from '../../plan/types.js';

const NOTICE = 'Rejected ';

/** The latest rejected call of each plan step, when the step still asks for those arguments. */
function rejectedSteps(state: SessionState, plan: Plan, same: (a: unknown, b: unknown) => boolean): CallRecord[] {
  const last = new Map<string, CallRecord>();
  for (const c of state.calls) if (c.proposed.step) last.set(c.proposed.step, c);
  return plan.steps
    .map((s) => ({ s, c: last.get(s.id) }))
    .filter(({ s, c }) => c?.decision?.decision === 'reject' && same(c.proposed.args, s.args))
    .map(({ c }) => c!);
}

/** Components that need `id`, directly or through another component that does. */
function dependentsOf(id: string, plan: Plan, reg: ComponentRegistry): string[] {
  const out: string[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of plan.components) {
      if (!c.enabled || c.id === id || out.includes(c.id)) continue;
      if ((reg.get(c.id)?.requires ?? []).some((r) => r === id || out.includes(r))) {
        out.push(c.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The components whose calls are skipped because a call they need was rejected. */
export function skippedByRejection(
  state: SessionState,
  plan: Plan,
  same: (a: unknown, b: unknown) => boolean,
  reg: ComponentRegistry = builtins,
): Set<string> {
  const out = new Set<string>();
  for (const c of rejectedSteps(state, plan, same))
    if (c.proposed.component) for (const d of dependentsOf(c.proposed.component, plan, reg)) out.add(d);
  return out;
}

/** Kind/name of the objects a rejected call would have added, read from its previewed diff. */
function objectsOf(call: CallRecord): string[] {
  const out: string[] = [];
  for (const d of call.proposed.diff ?? []) {
    const lines = d.patch.split('\n');
    lines.forEach((line, i) => {
      const kind = /^\+kind: (\S+)$/.exec(line)?.[1];
      if (!kind) return;
      const name = lines
        .slice(i - 3, i + 4)
        .map((l) => /^\+ {2}name: (\S+)$/.exec(l)?.[1])
        .find(Boolean);
      out.push(name ? `${kind}/${name}` : kind);
    });
  }
  return out;
}

/** What the latest rejection takes with it, said once right after the decision. */
export function rejectionNotice(
  state: SessionState,
  plan: Plan,
  same: (a: unknown, b: unknown) => boolean,
  reg: ComponentRegistry = builtins,
  /** Other apps of a system live in the app's namespace: its Namespace stays, written by them. */
  namespaceShared = false,
): string | undefined {
  const call = rejectedSteps(state, plan, same).sort((a, b) => b.decision!.seq - a.decision!.seq)[0];
  if (!call) return undefined;
  const { server, tool, callId, component } = call.proposed;
  const head = `${NOTICE}${server}/${tool} (${callId})`;
  if (state.messages.some((m) => m.role === 'assistant' && m.seq > call.decision!.seq && m.text.startsWith(head)))
    return undefined;
  const all = objectsOf(call);
  const namespace = all.find((o) => o.startsWith('Namespace/'));
  const objects = namespaceShared ? all.filter((o) => o !== namespace) : all;
  const lines = [
    `${head}: ${objects.length ? objects.join(', ') : 'its objects'} ${objects.length === 1 ? 'stays' : 'stay'} out of the tree.`,
  ];
  if (namespace && namespaceShared)
    lines.push(`  ${namespace} stays: the other apps of the system in namespace ${plan.app.namespace} create it.`);
  else if (namespace)
    lines.push(
      `  ${namespace} goes with it: every other object lives in namespace ${plan.app.namespace}, which nothing now creates, so none of them applies until it exists.`,
    );
  const record = component ? reg.get(component) : undefined;
  if (record?.core)
    lines.push(
      `  ${component} is a core component: every other component builds on it, which is why --disable-component refuses to turn it off.`,
    );
  const dependents = component ? dependentsOf(component, plan, reg) : [];
  if (dependents.length)
    lines.push(
      `  ${dependents.join(', ')} ${dependents.length === 1 ? 'needs' : 'need'} ${component}, which is now off: their calls are skipped, as --disable-component ${component} would do.`,
    );
  return lines.join('\n');
}
