// The part of a system's session one app sees: its own calls and contributions, under
// their plain keys. Worked out for every app in one pass per session state (a move looks
// at each app, and a pass per app would make a run quadratic in its number of apps); an
// app whose calls and contributions did not change keeps the very same arrays, so what
// was worked out from them (the latest call per step, that the app has nothing left to
// do) still holds without being worked out again.
import { keyScope, scopedKey, type Contribution } from '../../manifests/workspace.js';
import type { CallRecord, SessionState } from '../../sessions/state.js';

interface Parts {
  calls: CallRecord[];
  workspace: Record<string, Contribution>;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function sameWorkspace(a: Record<string, Contribution>, b: Record<string, Contribution>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** A workspace split by app; keys of no app (a chat's earlier goal) apart. */
interface Split {
  byScope: Map<string, Record<string, Contribution>>;
  unscoped: string[];
}

export class AppViews {
  private readonly byState = new WeakMap<SessionState, Map<string, SessionState>>();
  // Most events (a proposal, a decision, a result) leave the workspace as it was.
  private readonly splits = new WeakMap<object, Split>();
  private last = new Map<string, Parts>();

  /** The first workspace key that belongs to none of `apps`, if any. */
  outside(state: SessionState, apps: ReadonlySet<string>): string | undefined {
    const { byScope, unscoped } = this.split(state.workspace);
    if (unscoped.length) return unscoped[0];
    for (const [scope, ws] of byScope) if (!apps.has(scope)) return scopedKey(scope, Object.keys(ws)[0]);
    return undefined;
  }

  private split(workspace: SessionState['workspace']): Split {
    let split = this.splits.get(workspace);
    if (!split) {
      split = { byScope: new Map(), unscoped: [] };
      for (const [k, v] of Object.entries(workspace)) {
        const scope = keyScope(k);
        if (scope === undefined) {
          split.unscoped.push(k);
          continue;
        }
        let ws = split.byScope.get(scope);
        if (!ws) split.byScope.set(scope, (ws = {}));
        ws[k.slice(scopedKey(scope, '').length)] = v;
      }
      this.splits.set(workspace, split);
    }
    return split;
  }

  of(state: SessionState, scope: string): SessionState {
    let views = this.byState.get(state);
    if (!views) this.byState.set(state, (views = this.compute(state)));
    let view = views.get(scope);
    if (!view) views.set(scope, (view = { ...state, ...this.stable(scope, { calls: [], workspace: {} }) }));
    return view;
  }

  private compute(state: SessionState): Map<string, SessionState> {
    const parts = new Map<string, Parts>();
    const partOf = (scope: string) => {
      let p = parts.get(scope);
      if (!p) parts.set(scope, (p = { calls: [], workspace: {} }));
      return p;
    };
    for (const c of state.calls) if (c.proposed.scope !== undefined) partOf(c.proposed.scope).calls.push(c);
    for (const [scope, ws] of this.split(state.workspace).byScope) partOf(scope).workspace = ws;
    const views = new Map<string, SessionState>();
    for (const [scope, p] of parts) views.set(scope, { ...state, ...this.stable(scope, p) });
    return views;
  }

  /** The app's previous arrays when nothing in them changed, else the new ones. */
  private stable(scope: string, p: Parts): Parts {
    const prev = this.last.get(scope);
    const calls = prev && sameList(prev.calls, p.calls) ? prev.calls : p.calls;
    const workspace = prev && sameWorkspace(prev.workspace, p.workspace) ? prev.workspace : p.workspace;
    const out = { calls, workspace };
    this.last.set(scope, out);
    return out;
  }
}
