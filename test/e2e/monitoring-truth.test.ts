// A ServiceMonitor only where an HTTP metrics endpoint is known (a metrics library the
// build copies in, or spec.components.monitoring.metricsPort), never on a gRPC port; alert
// rules and dashboards select the app's own container by label, not by pod-name regex.
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/app-config/index.js';
import { FIXTURES, generate } from '../helpers/generate.js';
import { generateTempApp } from '../helpers/temp-app.js';

const NODE =
  'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nUSER node\nEXPOSE 3000\nCMD ["node", "index.js"]\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'web', dependencies: deps });
const GO_GRPC =
  'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nUSER 65532\nEXPOSE 9090\nENTRYPOINT ["/app"]\n';
const GO_MOD =
  'module example.com/svc\n\ngo 1.23\n\nrequire (\n\tgithub.com/prometheus/client_golang v1.20.0\n\tgoogle.golang.org/grpc v1.67.0\n)\n';

const monitorsOf = <T extends { kind: string }>(objects: T[]) => objects.filter((o) => o.kind === 'ServiceMonitor');
const reasonOf = (plan: { components: { id: string; enabled: boolean; reasons: { text: string }[] }[] }, id: string) =>
  plan.components.find((c) => c.id === id)!;

describe('a ServiceMonitor only for a known HTTP metrics endpoint', () => {
  it('prom-client in package.json: scraped on the HTTP port at /metrics', async () => {
    const { objects, plan } = await generateTempApp({
      dockerfile: NODE,
      files: { 'package.json': pkg({ express: '^4.21.0', 'prom-client': '^15.1.0' }) },
    });
    const [sm] = monitorsOf(objects);
    expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    expect(reasonOf(plan, 'monitoring').reasons[0].text).toMatch(/prom-client serves \/metrics on port 3000/);
  });

  it('no metrics library and no metricsPort: no ServiceMonitor, no scrape hole in the policies, and the plan says why', async () => {
    const { objects, plan } = await generateTempApp({
      dockerfile: NODE,
      files: { 'package.json': pkg({ express: '^4.21.0' }) },
    });
    expect(monitorsOf(objects)).toEqual([]);
    const monitoring = reasonOf(plan, 'monitoring');
    expect(monitoring.enabled).toBe(false);
    expect(monitoring.reasons[0].text).toMatch(/no known metrics endpoint/);
    expect(objects.find((o) => o.metadata.name === 'web-allow-prometheus')).toBeUndefined();
    const pa = objects.find((o) => o.kind === 'PeerAuthentication')!;
    expect(JSON.stringify(pa.spec.portLevelMtls ?? {})).not.toContain('3000');
  });

  it('a gRPC-only app with a metrics library is not scraped over gRPC; metricsPort names the HTTP port that is', async () => {
    const grpc = await generateTempApp({
      dockerfile: GO_GRPC,
      files: { 'go.mod': GO_MOD },
      spec: { ports: [{ port: 9090, protocol: 'gRPC' }] },
    });
    expect(monitorsOf(grpc.objects)).toEqual([]);
    expect(reasonOf(grpc.plan, 'monitoring').reasons[0].text).toMatch(
      /client_golang .*no plain HTTP port.*gRPC is not scraped/,
    );

    const withPort = await generateTempApp({
      dockerfile: GO_GRPC,
      files: { 'go.mod': GO_MOD },
      spec: {
        ports: [{ port: 9090, protocol: 'gRPC' }],
        components: { monitoring: { metricsPort: 9464, metricsPath: '/prom' } },
      },
    });
    const [sm] = monitorsOf(withPort.objects);
    expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/prom' })]);
    const svc = withPort.objects.find((o) => o.kind === 'Service')!;
    expect(svc.spec.ports).toContainEqual(expect.objectContaining({ name: 'metrics', port: 9464 }));
    // The metrics port is for Prometheus, not the Internet, and it does not turn the app into an HTTP one.
    expect(withPort.plan.app.appType).toBe('grpc');
    expect(withPort.objects.filter((o) => o.kind === 'Ingress').flatMap((i) => JSON.stringify(i))).not.toContain(
      '9464',
    );
  });

  it('the config refuses a metricsPort that speaks gRPC, naming the field', () => {
    const text = [
      'apiVersion: kaptainkube.dev/v1',
      'kind: AppDeployment',
      'metadata: { name: svc }',
      'spec:',
      '  image: ghcr.io/example/svc:1',
      '  ports: [{ port: 9090, protocol: gRPC }]',
      '  components: { monitoring: { metricsPort: 9090 } }',
      '',
    ].join('\n');
    const parsed = parseAppConfig(text, 'app-config.yaml');
    const issues = 'issues' in parsed ? parsed.issues : [];
    expect(issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`).join('\n')).toMatch(
      /^app-config\.yaml:7:\d+: spec\.components\.monitoring\.metricsPort: port 9090 speaks gRPC, but Prometheus scrapes metrics over plain HTTP/m,
    );
  });
});

describe('alerts and dashboards select the app by label', () => {
  it.each(FIXTURES)(
    '%s: no pod-name regex; the restart alert watches the app container only',
    async (fixture) => {
      const { objects, plan } = await generate(fixture);
      const rules = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name.endsWith('-alerts'));
      const dashboard = objects.find((o) => o.metadata.labels?.grafana_dashboard === '1');
      const text = JSON.stringify([rules, dashboard]);
      expect(text).not.toMatch(/pod=~/);
      const restart = rules!.spec.groups[0].rules.find((r: { alert: string }) => r.alert === 'PodRestarting');
      expect(restart.expr).toContain(`{namespace="${plan.app.namespace}", container="${plan.app.name}"}`);
    },
    60_000,
  );
});
