// The system planner works out each app's part of the session once per state and keeps
// an unchanged app's arrays, so it can skip an app that has nothing left to do. These
// tests hold it to the plain meaning: a rejection in one app is explained once and keeps
// that object out, while that app and the others go on as before.
import { describe, expect, it } from 'vitest';
import { AppViews } from '../../src/agent/planners/app-views.js';
import { finishInit, prepareInit } from '../../src/init/run.js';
import { INITIAL_STATE, type CallRecord, type SessionState } from '../../src/sessions/state.js';
import { runInProcess } from '../helpers/generate.js';
import { workspaceFiles } from '../../src/manifests/workspace.js';
import { systemPlanner } from '../helpers/generate-system.js';
import { copyFixture } from '../init/helpers.js';

const call = (callId: string, scope?: string): CallRecord =>
  ({ proposed: { callId, scope, server: 's', tool: 't', args: {} } }) as unknown as CallRecord;
const contribution = (step: string) => ({ step, order: 1, files: [] });

describe('AppViews', () => {
  const base = INITIAL_STATE;
  const s1: SessionState = {
    ...base,
    calls: [call('c1', 'api'), call('c2', 'web'), call('c3')],
    workspace: {
      'api::a/x': contribution('api::a/x'),
      'web::a/x': contribution('web::a/x'),
      'b/y': contribution('b/y'),
    },
  };

  it("gives each app its own calls and contributions, under plain keys, and nothing of another's", () => {
    const views = new AppViews();
    const api = views.of(s1, 'api');
    expect(api.calls.map((c) => c.proposed.callId)).toEqual(['c1']);
    expect(Object.keys(api.workspace)).toEqual(['a/x']);
    expect(views.of(s1, 'db')).toMatchObject({ calls: [], workspace: {} });
    expect(views.of(s1, 'api')).toBe(api);
  });

  it("names what belongs to none of the system's apps: a chat's earlier goal, an app no longer deployed", () => {
    const views = new AppViews();
    expect(views.outside(s1, new Set(['api', 'web']))).toBe('b/y');
    const scopedOnly: SessionState = {
      ...s1,
      workspace: { 'api::a/x': contribution('api::a/x'), 'old::a/x': contribution('old::a/x') },
    };
    expect(views.outside(scopedOnly, new Set(['api']))).toBe('old::a/x');
    expect(views.outside(scopedOnly, new Set(['api', 'old']))).toBeUndefined();
  });

  it('keeps the arrays of an app nothing happened to, and gives new ones to the app that changed', () => {
    const views = new AppViews();
    const api1 = views.of(s1, 'api');
    const web1 = views.of(s1, 'web');
    const s2: SessionState = { ...s1, calls: [...s1.calls, call('c4', 'web')] };
    const api2 = views.of(s2, 'api');
    const web2 = views.of(s2, 'web');
    expect(api2).not.toBe(api1);
    expect(api2.calls).toBe(api1.calls);
    expect(api2.workspace).toBe(api1.workspace);
    expect(web2.calls).not.toBe(web1.calls);
    expect(web2.calls.map((c) => c.proposed.callId)).toEqual(['c2', 'c4']);
    expect(web2.workspace).toBe(web1.workspace);
    // A record replaced in place (a decision arrived) is a change too.
    const s3: SessionState = { ...s2, calls: s2.calls.map((c) => (c.proposed.callId === 'c1' ? { ...c } : c)) };
    expect(views.of(s3, 'api').calls).not.toBe(api2.calls);
  });
});

async function systemRejecting(scope: string, tool: string) {
  const dir = copyFixture('compose-shop');
  const written = await finishInit(await prepareInit(dir, { yes: true }));
  const planner = await systemPlanner(written.map((f) => f.path));
  const asked: string[] = [];
  const { state } = await runInProcess({
    planner,
    policy: 'ask',
    approver: async (p) => {
      asked.push(`${p.scope}:${p.tool}`);
      return p.scope === scope && p.tool === tool ? { decision: 'reject', reason: 'not now' } : { decision: 'approve' };
    },
  });
  const notices = state.messages
    .filter((m) => m.role === 'assistant' && m.text.startsWith(`Rejected k8s-manifest-generator/${tool}`))
    .map((m) => m.text);
  return { state, asked, notices };
}

describe('a rejection in one app of a system', () => {
  it('is explained once, keeps that object out, and every app goes on with the rest', async () => {
    const { state, asked, notices } = await systemRejecting('web', 'generate_service');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Service/web stays out of the tree.');
    expect(notices[0]).not.toContain('goes with it');
    // web goes on with its other calls (nothing in it needs its Service); the other apps get theirs.
    const after = asked.slice(asked.indexOf('web:generate_service') + 1);
    expect(after).toContain('web:generate_configmap');
    expect(after).toContain('api:generate_service');
    expect(after).toContain('worker:generate_service');
    expect(after).not.toContain('web:generate_service');
    const keys = Object.keys(state.workspace);
    expect(keys).not.toContain('web::k8s-manifest-generator/generate_service');
    expect(keys).toContain('api::k8s-manifest-generator/generate_service');
    expect(keys).toContain('web::k8s-manifest-generator/generate_configmap');
    // The run ends with the one validation of the whole set, and nothing is left pending.
    expect(state.pending).toBeUndefined();
    expect(state.calls.at(-1)?.proposed.tool).toBe('validate_manifests');
  }, 120_000);

  it("rejecting the first app's Deployment keeps the shared Namespace: the other apps create it", async () => {
    const { state, notices } = await systemRejecting('web', 'generate_deployment');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Deployment/web stays out of the tree.');
    expect(notices[0]).toContain('Namespace/shop stays: the other apps of the system in namespace shop create it.');
    expect(notices[0]).not.toContain('which nothing now creates');
    const files = workspaceFiles(state.workspace);
    expect(files.some((f) => f.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'shop'))).toBe(true);
  }, 120_000);
});
