// Transcripts written by version 0.1.0, before sessions recorded a typed goal (they stored
// the deploy command's raw flags), must still resume and export exactly as they did.
// test/fixtures/transcripts-v0 holds, as that version wrote them: a finished
// `deploy --generate-only` session and a `chat` session waiting on an approval, the app
// they were run on (app/), and their exports (expected/). Machine paths in them are the
// placeholder @APP@, replaced here by the app's copy in a temporary directory.
import { describe, expect, it, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from '../helpers/cli.js';
import { tree } from '../helpers/tree.js';
import { sessionEventSchema, type EventOf } from '../../src/sessions/events.js';
import { kubectlPins } from '../../src/agent/session-runner.js';
import { goalFromLegacyFlags, goalOf } from '../../src/sessions/goal.js';

const FIXTURE = join(REPO, 'test', 'fixtures', 'transcripts-v0');
const DEPLOY = '20261202-075542-5d01';
const CHAT = '20261202-075612-31f9';

let tmp: string;
let app: string;
let env: NodeJS.ProcessEnv;

/** Copies a directory, putting the app's real path where the fixture says @APP@. */
function copyWithApp(from: string, to: string) {
  cpSync(from, to, { recursive: true });
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else writeFileSync(p, readFileSync(p, 'utf8').replaceAll('@APP@', app));
    }
  };
  walk(to);
}

const normalised = (files: Map<string, string>) => new Map([...files].map(([k, v]) => [k, v.replaceAll(app, '@APP@')]));
const started = (id: string) =>
  sessionEventSchema().parse(
    JSON.parse(readFileSync(join(FIXTURE, 'sessions', `${id}.jsonl`), 'utf8').split('\n')[0]),
  ) as EventOf<'session.started'>;

/** A session store holding the fixture's transcripts untouched (an export appends an event). */
function freshStore(name: string): NodeJS.ProcessEnv {
  copyWithApp(join(FIXTURE, 'sessions'), join(tmp, name, 'kaptain-kube', 'sessions'));
  return { XDG_DATA_HOME: join(tmp, name) };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kk-transcript-v0-'));
  app = join(tmp, 'app');
  cpSync(join(FIXTURE, 'app'), app, { recursive: true });
  env = freshStore('data');
});

describe('a version 0.1.0 transcript', () => {
  it('reads its raw flags as the goal they meant', () => {
    expect(started(DEPLOY).inputs.goal).toBeUndefined();
    const goal = goalOf(started(DEPLOY))!;
    expect(goal.disabledComponents).toContain('monitoring');
    expect(goal.disabledComponents).toHaveLength(20);
    expect(goal.overrides).toEqual({ cpu: '250m', memory: '512Mi', image: 'registry.example/blog-api:1.2.3' });
    expect(goal.output).toEqual({ mode: 'generate', dir: 'k8s' });
    expect(goal.apply).toBeUndefined();
    expect(goalOf(started(CHAT))).toBeUndefined();
  });

  it('maps the old apply and cluster flags, which pin the kubectl tool', () => {
    const goal = goalFromLegacyFlags({
      kubeconfig: '/k/config',
      context: 'prod',
      namespace: 'web',
      diff: true,
      prune: true,
      renamedLater: 1,
    });
    expect(goal.output.mode).toBe('apply');
    expect(goal.apply).toEqual({ diffOnly: true, forceConflicts: false, prune: true });
    expect(goal.kube).toEqual({ kubeconfig: '/k/config', context: 'prod', namespace: 'web' });
    expect(goalFromLegacyFlags({ planOnly: true, dryRun: true }).output.mode).toBe('plan');
    const old = {
      ...started(DEPLOY),
      inputs: { flags: { kubeconfig: '/k/config', context: 'prod' } },
    } as EventOf<'session.started'>;
    expect(kubectlPins(old)).toEqual({ kubeconfig: '/k/config', context: 'prod' });
    const typed = { ...old, inputs: { goal: { ...goal, kube: { context: 'dev' } } } };
    expect(kubectlPins(typed)).toEqual({ kubeconfig: undefined, context: 'dev' });
  });

  for (const id of [DEPLOY, CHAT]) {
    it(`${id === DEPLOY ? 'deploy' : 'chat'} session exports the same manifests, markdown and json`, async () => {
      const out = join(tmp, 'export', id);
      for (const [format, path] of [
        ['manifests', 'manifests'],
        ['markdown', 'transcript.md'],
        ['json', 'transcript.json'],
      ]) {
        const r = await runCli(['sessions', 'export', id, '--format', format, '--output', join(out, path)], {
          env: freshStore(`${id}-${format}`),
        });
        expect(r.code, r.stderr).toBe(0);
      }
      expect(normalised(tree(out))).toEqual(tree(join(FIXTURE, 'expected', id)));
    });
  }

  it('deploy session resumes to the same tree', async () => {
    const out = join(tmp, 'resumed-k8s');
    const r = await runCli(
      ['deploy', join(app, 'app-config.yaml'), '--resume', DEPLOY, '--generate-only', '--output-dir', out],
      { env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(tree(out)).toEqual(tree(join(FIXTURE, 'expected', DEPLOY, 'manifests')));
  });

  it('chat session resumes at its pending approval and goes on', async () => {
    const r = await runCli(['chat', '--resume', CHAT, '--plain'], { env, cwd: app, input: 'y\n' });
    expect(r.stdout).toContain('05-service.yaml');
    const out = join(tmp, 'resumed-chat');
    expect((await runCli(['sessions', 'export', CHAT, '--output', out], { env })).code).toBe(0);
    expect([...tree(out).keys()]).toContain(join('k8s-manifests', '05-service.yaml'));
  });
});

describe('a new deploy session', () => {
  it('records the typed goal, not the flags', async () => {
    const home = { XDG_DATA_HOME: join(tmp, 'fresh') };
    const r = await runCli(
      [
        'deploy',
        join(app, 'app-config.yaml'),
        '--generate-only',
        '--output-dir',
        join(tmp, 'fresh-k8s'),
        '--disable-component',
        'istio',
        '--resources-memory',
        '1Gi',
      ],
      { env: home },
    );
    expect(r.code).toBe(0);
    const dir = join(tmp, 'fresh', 'kaptain-kube', 'sessions');
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const first = sessionEventSchema().parse(JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n')[0]));
    expect(first.type === 'session.started' && first.inputs.flags).toBeFalsy();
    const goal = goalOf(first as Parameters<typeof goalOf>[0])!;
    expect(goal.disabledComponents).toEqual(['service-mesh']);
    expect(goal.overrides.memory).toBe('1Gi');
    expect(goal.output).toEqual({ mode: 'generate', dir: join(tmp, 'fresh-k8s') });
  });
});
