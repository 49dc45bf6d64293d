// Generated objects say what the app really does: one Ingress path per prefix, TLS only
// where the server's `listen` says ssl, NET_BIND_SERVICE for a port below 1024, a Jaeger
// strategy its storage supports, CI on the Dockerfile's language version, a registry
// allow-list of the app's own repository, an Instrumentation only with the pods' opt-in,
// and database settings in one ConfigMap that the Deployment reads.
import { describe, expect, it } from 'vitest';
import { listenersIn } from '../../src/dockerfile/server-config.js';
import { FIXTURES, generate } from '../helpers/generate.js';
import { generateTempApp } from '../helpers/temp-app.js';

type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; data?: any };
const ofKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);
const container = (objects: Obj[]) => ofKind(objects, 'Deployment')[0].spec.template.spec.containers[0];

const NGINX = (conf: string) => ({
  dockerfile:
    'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nEXPOSE 8080 8443\n',
  files: { 'nginx.conf': conf },
  spec: { components: { ingress: { enabled: false } } },
});

describe('Ingress paths', () => {
  it.each(FIXTURES)(
    '%s: each host routes a path prefix once',
    async (fixture) => {
      const { objects } = await generate(fixture);
      for (const ing of ofKind(objects, 'Ingress'))
        for (const rule of ing.spec.rules) {
          const paths = rule.http.paths.map((p: { path: string }) => p.path);
          expect(paths, `${fixture} ${rule.host}`).toEqual([...new Set(paths)]);
        }
    },
    60_000,
  );
});

describe('TLS comes from the server configuration, not the port number', () => {
  it('static-site: `listen 443;` is plain HTTP, so its Service port says http', async () => {
    const { objects } = await generate('static-site');
    const ports = ofKind(objects, 'Service')[0].spec.ports;
    expect(ports.find((p: { port: number }) => p.port === 443)).toMatchObject({
      appProtocol: 'http',
      name: 'http-443',
    });
  }, 60_000);

  it('`listen 8443 ssl` is HTTPS; `listen 8080` is HTTP', async () => {
    const { objects } = await generateTempApp(NGINX('server {\n  listen 8080;\n  listen [::]:8443 ssl http2;\n}\n'));
    const ports = ofKind(objects, 'Service')[0].spec.ports;
    expect(ports.map((p: { port: number; appProtocol: string }) => [p.port, p.appProtocol])).toEqual([
      [8080, 'http'],
      [8443, 'https'],
    ]);
  });

  it('reads the port and the ssl flag of each listen line, with its file and line', async () => {
    const conf =
      '# listen 1;\nserver {\n  listen 0.0.0.0:443 ssl;\n  listen 80 default_server;\n  listen unix:/tmp/s;\n}\n';
    const got = await listenersIn(
      [{ path: 'nginx.conf', source: { file: 'Dockerfile', line: 2, instruction: 'COPY' } }],
      async () => conf,
    );
    expect(got).toEqual([
      { port: 443, tls: true, evidence: 'nginx.conf:3' },
      { port: 80, tls: false, evidence: 'nginx.conf:4' },
    ]);
  });
});

describe('ports below 1024', () => {
  it('static-site binds 80 and 443 as uid 101: ALL dropped, NET_BIND_SERVICE added back', async () => {
    const { objects } = await generate('static-site');
    expect(container(objects).securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  }, 60_000);

  it('blog-api on 3000 adds nothing', async () => {
    const { objects } = await generate('blog-api');
    expect(container(objects).securityContext.capabilities).toEqual({ drop: ['ALL'] });
  }, 60_000);
});

describe('Jaeger', () => {
  it.each(FIXTURES)(
    '%s: the strategy fits the storage (badger and memory live in one all-in-one pod)',
    async (fixture) => {
      const { objects } = await generate(fixture);
      for (const j of ofKind(objects, 'Jaeger'))
        expect(j.spec.strategy, fixture).toBe(j.spec.storage.type === 'elasticsearch' ? 'production' : 'allInOne');
    },
    60_000,
  );
});

describe('CI tests on the language version the image is built with', () => {
  const testImages = (objects: Obj[]) =>
    ofKind(objects, 'Task')
      .find((t) => t.spec.steps.some((s: { name: string }) => s.name === 'test'))!
      .spec.steps.map((s: { image: string }) => s.image);

  it('FROM node:20-alpine → node:20-alpine, not the template default', async () => {
    const { objects } = await generateTempApp({
      dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nUSER node\nCMD ["node", "w.js"]\n',
      files: { 'package.json': '{"name":"w"}' },
    });
    expect(new Set(testImages(objects))).toEqual(new Set(['node:20-alpine']));
  });

  it('FROM golang:1.23 → golang:1.23', async () => {
    const { objects } = await generateTempApp({
      dockerfile:
        'FROM golang:1.23 AS build\nCOPY go.mod ./\nRUN go build -o /w .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /w /w\nUSER 65532\nENTRYPOINT ["/w"]\n',
      files: { 'go.mod': 'module example.com/w\n\ngo 1.23\n' },
    });
    expect(new Set(testImages(objects))).toEqual(new Set(['golang:1.23']));
  });
});

describe('registry allow-list', () => {
  it('user-service (pci) admits its own repository only, not every image on ghcr.io', async () => {
    const { objects } = await generate('user-service');
    const allowed = objects.find((o) => o.kind === 'KaptainAllowedRegistries')!.spec.parameters.registries;
    expect(allowed).toEqual(['ghcr.io/example/user-service:', 'ghcr.io/example/user-service@']);
  }, 60_000);
});

describe('OpenTelemetry auto-instrumentation', () => {
  it.each(FIXTURES)(
    '%s: an Instrumentation exists only with the Deployment opting into it',
    async (fixture) => {
      const { objects } = await generate(fixture);
      // The workload: a Deployment, or a StatefulSet for an image-only database.
      const workload = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')][0];
      const annotations = workload.spec.template.metadata.annotations ?? {};
      const inject = Object.keys(annotations).filter((k) => k.startsWith('instrumentation.opentelemetry.io/inject-'));
      expect(inject.length, fixture).toBe(ofKind(objects, 'Instrumentation').length);
    },
    60_000,
  );

  it('a Go app gets none (its agent is a privileged eBPF sidecar "restricted" refuses)', async () => {
    const { objects } = await generate('user-service');
    expect(ofKind(objects, 'Instrumentation')).toEqual([]);
  }, 60_000);
});

describe('database settings', () => {
  it.each(['blog-api', 'python-api'])(
    '%s: in one ConfigMap, which the Deployment reads',
    async (fixture) => {
      const { objects } = await generate(fixture);
      const holders = ofKind(objects, 'ConfigMap').filter((c) => c.data?.DB_HOST !== undefined);
      expect(holders.map((c) => c.metadata.name)).toHaveLength(1);
      const envFrom = container(objects).envFrom.map((e: { configMapRef?: { name: string } }) => e.configMapRef?.name);
      expect(envFrom).toContain(holders[0].metadata.name);
    },
    60_000,
  );
});
