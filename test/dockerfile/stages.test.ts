// Docker's stage semantics over Dockerfiles written for these tests: a stage built
// FROM another inherits its image config, a build target picks the stage, ARGs stay
// in their stage, heredoc RUNs stay inside their instruction.
import { describe, expect, it } from 'vitest';
import { analyzeText, type ContextReader } from '../../src/dockerfile/analyze.js';
import { appDeploymentSchema } from '../../src/app-config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';

/** Stands in for a build context on disk: the files given, nothing else. */
const contextOf = (files: Record<string, string> = {}): ContextReader => ({
  read: async (p) => files[p],
  list: async () => Object.keys(files),
});
const analyze = (text: string, target?: string) => analyzeText(text, 'Dockerfile', contextOf(), { target });
const config = (spec: Record<string, unknown> = {}) =>
  appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: 'web' },
    spec: { dockerfile: './Dockerfile', ...spec },
  });

const DEV_ENVS = `FROM node:lts AS development
WORKDIR /app
ENV NODE_ENV=development PORT=3000
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s CMD wget -qO- http://localhost:3000/healthz || exit 1
CMD ["node", "server.js"]

FROM development AS dev-envs
ENV NODE_ENV=test LOG_LEVEL=debug
WORKDIR src
EXPOSE 9229
`;

describe("FROM <stage> inherits the parent stage's image config", () => {
  it('EXPOSE accumulates; USER, HEALTHCHECK, CMD carry over; ENV overrides by name; WORKDIR continues', async () => {
    const f = await analyze(DEV_ENVS);
    expect(f.finalStage).toEqual({ name: 'dev-envs', index: 1 });
    expect(f.exposed.map((p) => [p.port, p.source.line])).toEqual([
      [3000, 5],
      [9229, 12],
    ]);
    expect(f.user).toMatchObject({ raw: 'node', uid: 1000, gid: 1000, root: false });
    expect(f.healthcheck).toMatchObject({ path: '/healthz', port: 3000, intervalSeconds: 15 });
    expect(f.cmd).toEqual(['node', 'server.js']);
    expect(Object.fromEntries(f.env.map((e) => [e.name, e.value]))).toEqual({
      NODE_ENV: 'test',
      PORT: '3000',
      LOG_LEVEL: 'debug',
    });
    expect(f.workdir).toBe('/app/src');
    // The image the container runs on is node, not a stage name.
    expect(f.finalBase).toMatchObject({ name: 'node', tag: 'lts' });
    expect(f.language).toBe('node');
  });

  it('plans a web app with port 3000, a Service and an Ingress (not a worker)', async () => {
    // An Ingress needs a host to route (the plan leaves it out without one).
    const p = buildPlan({
      config: config({ components: { ingress: { host: 'web.internal.test' } } }),
      facts: await analyze(DEV_ENVS),
    });
    expect(p.app.appType).not.toBe('worker');
    expect(p.app.ports[0]).toMatchObject({ port: 3000 });
    const tools = p.steps.map((s) => s.tool);
    expect(tools).toContain('generate_service');
    expect(tools.some((t) => /ingress/.test(t))).toBe(true);
    expect(p.app.runAsUser).toBe(1000);
  });

  it('a new ENTRYPOINT drops the CMD inherited from the parent; one set in the same stage stays', async () => {
    const reset = await analyze(
      'FROM python:3.12-slim AS base\nCMD ["python", "app.py"]\nFROM base\nENTRYPOINT ["gunicorn"]\n',
    );
    expect(reset.entrypoint).toEqual(['gunicorn']);
    expect(reset.cmd).toBeUndefined();
    const kept = await analyze('FROM python:3.12-slim AS base\nFROM base\nCMD ["app:app"]\nENTRYPOINT ["gunicorn"]\n');
    expect(kept.cmd).toEqual(['app:app']);
  });

  it('HEALTHCHECK NONE in the child switches the inherited check off', async () => {
    const f = await analyze(`${DEV_ENVS}HEALTHCHECK NONE\n`);
    expect(f.healthcheck).toMatchObject({ none: true });
  });

  it('an unrelated earlier stage gives nothing: FROM an image starts clean', async () => {
    const f = await analyze(
      'FROM golang:1.23 AS build\nEXPOSE 8080\nUSER 1234\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out /app\n',
    );
    expect(f.exposed).toEqual([]);
    expect(f.user).toBeUndefined();
  });
});

describe('spec.buildTarget picks the stage', () => {
  const text =
    'FROM node:22 AS base\nUSER node\nEXPOSE 3000\nFROM base AS test\nEXPOSE 9229\nCMD ["npm", "test"]\nFROM gcr.io/distroless/nodejs22-debian12:nonroot AS production\nEXPOSE 8080\n';

  it('the last stage by default, the named one with a target (case-insensitive, as Docker)', async () => {
    expect((await analyze(text)).exposed.map((p) => p.port)).toEqual([8080]);
    const t = await analyze(text, 'TEST');
    expect(t.finalStage).toEqual({ name: 'test', index: 1 });
    expect(t.exposed.map((p) => p.port)).toEqual([3000, 9229]);
    expect(t.cmd).toEqual(['npm', 'test']);
    expect(t.user).toMatchObject({ uid: 1000 });
    // The production stage never builds for this target: its base is not a base image here.
    expect(t.baseImages.map((b) => b.raw)).toEqual(['node:22']);
  });

  it('a target that names no stage is an error naming the stages', async () => {
    await expect(analyze(text, 'prod')).rejects.toThrow(
      /no stage named "prod" \(spec\.buildTarget\); the stages are base, test, production/,
    );
  });

  it('is an optional config field with a stage-name shape', () => {
    expect(config({ buildTarget: 'dev-envs' }).spec.buildTarget).toBe('dev-envs');
    expect(() => config({ buildTarget: 'a b' })).toThrow();
  });
});

describe('ARG scope', () => {
  it('a global ARG is seen by FROM, and by a stage only once re-declared there', async () => {
    const text =
      'ARG NODE=22\nARG PORT=8080\nFROM node:${NODE}-alpine\nEXPOSE ${PORT:-9000}\nARG PORT\nEXPOSE ${PORT}\n';
    const f = await analyze(text);
    expect(f.finalBase).toMatchObject({ name: 'node', tag: '22-alpine' });
    expect(f.exposed.map((p) => p.port)).toEqual([9000, 8080]);
  });

  it('an ARG does not cross into the next stage; ENV does through FROM <stage>', async () => {
    const f = await analyze('FROM alpine:3.20 AS a\nARG P=7000\nENV Q=7001\nFROM a\nEXPOSE ${P:-7002} ${Q}\n');
    expect(f.exposed.map((p) => p.port)).toEqual([7002, 7001]);
  });

  it('FROM ${IMAGE} with a tag in the ARG splits into name and tag', async () => {
    const f = await analyze('ARG BASE=node:22.11-alpine\nFROM ${BASE}\nUSER node\n');
    expect(f.finalBase).toMatchObject({ raw: 'node:22.11-alpine', name: 'node', tag: '22.11-alpine' });
    expect(f.user?.uid).toBe(1000);
  });
});

describe('heredoc RUNs', () => {
  it('instruction-like lines inside a heredoc are not instructions; useradd inside one counts', async () => {
    const text = [
      'FROM debian:bookworm-slim',
      'RUN <<EOF',
      'set -eu',
      'groupadd -g 4321 app',
      'useradd --uid 1234 -g app -m app',
      'EXPOSE 9999',
      'USER root',
      'EOF',
      'RUN <<-SCRIPT bash',
      '\techo "HEALTHCHECK NONE"',
      '\tSCRIPT',
      'USER app',
      'EXPOSE 8080',
      '',
    ].join('\n');
    const f = await analyze(text);
    expect(f.exposed.map((p) => [p.port, p.source.line])).toEqual([[8080, 13]]);
    expect(f.healthcheck).toBeUndefined();
    expect(f.user).toMatchObject({ raw: 'app', uid: 1234, gid: 4321, source: { line: 12 } });
  });
});
