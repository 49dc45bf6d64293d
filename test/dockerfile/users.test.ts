// Named USERs become the numeric ids the image's files belong to, in the generated
// Deployment: from the base image's known users, a useradd in an earlier RUN, or the
// config. A name nothing resolves gets a plan note and no invented id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { analyzeText, type ContextReader } from '../../src/dockerfile/analyze.js';
import { appDeploymentSchema } from '../../src/app-config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';
import { callOk, connectBuiltin } from '../helpers/mcp.js';

/** Stands in for a build context on disk: an empty one. */
const emptyContext: ContextReader = { read: async () => undefined, list: async () => [] };
const config = (spec: Record<string, unknown> = {}) =>
  appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: 'web' },
    spec: { dockerfile: './Dockerfile', ports: [{ port: 8080 }], ...spec },
  });

let client: Client;
beforeAll(async () => {
  client = await connectBuiltin('k8s-manifest-generator');
});
afterAll(async () => client.close());

/** Dockerfile → analysis → plan → generate_deployment: the pod and container securityContext. */
async function deploymentFor(dockerfile: string, spec: Record<string, unknown> = {}) {
  const facts = await analyzeText(dockerfile, 'Dockerfile', emptyContext);
  const plan = buildPlan({ config: config(spec), facts });
  const out = await callOk<{ files: { objects: any[] }[] }>(client, 'generate_deployment', { app: plan.app });
  const dep = out.files.flatMap((f) => f.objects).find((o) => o.kind === 'Deployment');
  return {
    plan,
    pod: dep.spec.template.spec.securityContext,
    container: dep.spec.template.spec.containers[0].securityContext,
  };
}

describe('named users → numeric ids in the Deployment', () => {
  it.each([
    ['USER node on node', 'FROM node:22-alpine\nUSER node\n', 1000, 1000],
    [
      'USER nonroot:nonroot on distroless',
      'FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12\nUSER nonroot:nonroot\n',
      65532,
      65532,
    ],
    [
      'nginx-unprivileged with no USER (the image runs as nginx)',
      'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY public /usr/share/nginx/html\n',
      101,
      101,
    ],
    ['distroless :nonroot tag with no USER', 'FROM gcr.io/distroless/static-debian12:nonroot\n', 65532, 65532],
    ['useradd -u 1234 app + USER app', 'FROM python:3.12-slim\nRUN useradd -u 1234 app\nUSER app\n', 1234, 1234],
    [
      'busybox adduser -D -u N with addgroup -g',
      'FROM alpine:3.20\nRUN addgroup -g 2000 svc && adduser -D -u 2001 -G svc svc\nUSER svc\n',
      2001,
      2000,
    ],
    [
      'useradd in the parent stage',
      'FROM python:3.12-slim AS base\nRUN useradd --uid 4242 --create-home app\nFROM base\nUSER app\n',
      4242,
      4242,
    ],
    ['official postgres image user', 'FROM postgres:16\nUSER postgres\n', 999, 999],
    ['numeric USER as before', 'FROM node:22\nUSER 1500:1600\n', 1500, 1600],
    ['USER 1001:0: group 0 is not taken over, the group follows the user', 'FROM node:22\nUSER 1001:0\n', 1001, 1001],
  ])('%s', async (_what, dockerfile, uid, gid) => {
    const { pod, container, plan } = await deploymentFor(dockerfile);
    expect(pod).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid });
    expect(container).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    expect(plan.warnings.join('\n')).not.toMatch(/could not be resolved/);
  });
});

describe('a named user nothing resolves', () => {
  const dockerfile = 'FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\n';

  it('gets a plan note naming spec.runAsUser, and no invented id (runAsNonRoot stays)', async () => {
    const { pod, container, plan } = await deploymentFor(dockerfile);
    expect(plan.warnings).toContainEqual(
      expect.stringMatching(/^USER app \(Dockerfile:3\) could not be resolved to a numeric id; set spec\.runAsUser/),
    );
    expect(pod.runAsNonRoot).toBe(true);
    expect(container.runAsNonRoot).toBe(true);
    for (const sc of [pod, container]) {
      expect(sc).not.toHaveProperty('runAsUser');
      expect(sc).not.toHaveProperty('runAsGroup');
    }
    expect(pod).not.toHaveProperty('fsGroup');
  });

  it('spec.runAsUser/runAsGroup fill it in (and win over what the image says)', async () => {
    const set = await deploymentFor(dockerfile, { runAsUser: 5000, runAsGroup: 5001 });
    expect(set.pod).toMatchObject({ runAsUser: 5000, runAsGroup: 5001, fsGroup: 5001 });
    expect(set.plan.warnings.join('\n')).not.toMatch(/could not be resolved/);
    const over = await deploymentFor('FROM node:22\nUSER node\n', { runAsUser: 3000 });
    expect(over.container).toMatchObject({ runAsUser: 3000, runAsGroup: 3000 });
  });

  it('the user of another image is not borrowed: USER node on python is unresolved', async () => {
    const { plan, pod } = await deploymentFor('FROM python:3.12-slim\nUSER node\n');
    expect(plan.warnings.join('\n')).toMatch(/USER node .* could not be resolved/);
    expect(pod).not.toHaveProperty('runAsUser');
  });

  it('the config refuses root and non-integers for runAsUser', () => {
    expect(() => config({ runAsUser: 0 })).toThrow(/non-root uid/);
    expect(() => config({ runAsUser: 1.5 })).toThrow();
  });
});
