import { describe, expect, it } from 'vitest';
import { appDeploymentSchema } from '../../src/app-config/schema.js';
import { componentSupport, discover, missingKinds } from '../../src/kube/capabilities.js';
import type { KubeTarget } from '../../src/kube/client.js';
import { withContribution, workspaceFiles, EMPTY_WORKSPACE } from '../../src/manifests/workspace.js';
import { COMPONENT_IDS } from '../../src/plan/component-ids.js';
import { resolveComponentNames, UnknownComponentError } from '../../src/plan/components.js';
import { FILES } from '../../src/plan/layout.js';
import { buildPlan } from '../../src/plan/plan.js';
import { FIXTURES, generate } from '../helpers/generate.js';
import {
  contributionKey,
  createRegistry,
  extendRegistry,
  registry,
  RegistryError,
  type ComponentRecord,
} from '../../src/plan/registry.js';

const config = (spec: Record<string, unknown> = {}) =>
  appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: 'web' },
    spec: { dockerfile: './Dockerfile', ports: [{ port: 8080 }], ...spec },
  });

// A component only this file knows: it exists to show that one record is all a new component needs.
const backupSchedule: ComponentRecord = {
  id: 'backup-schedule',
  summary: 'Velero Schedule backing up the namespace',
  aliases: ['velero'],
  requires: ['service'],
  review: 215,
  // Its settings ConfigMap goes between the connection secrets' ConfigMap (rank 3) and the app's (rank 4).
  steps: [
    { id: 'backup-schedule', server: 'backup', tool: 'generate_backup_schedule', rank: 3.5, files: ['configmap'] },
  ],
  kinds: [{ group: 'velero.io', version: 'v1', kind: 'Schedule' }],
  select: () => ({ enabled: true, reasons: [{ text: 'every namespace gets a backup schedule', source: 'default' }] }),
};
const extended = extendRegistry(registry, backupSchedule);

/** Stands in for a cluster's API discovery endpoints: serves the groups given, nothing else. */
function discoveryStandIn(groups: Record<string, string[]>): KubeTarget {
  const body = (path: string) => {
    if (path === '/version') return { gitVersion: 'v1.31.0' };
    if (path === '/api/v1') return { resources: [{ name: 'configmaps', kind: 'ConfigMap' }] };
    if (path === '/apis') return { groups: Object.keys(groups).map((gv) => ({ versions: [{ groupVersion: gv }] })) };
    const kinds = groups[path.replace(/^\/apis\//, '')];
    return kinds && { resources: kinds.map((kind) => ({ name: kind.toLowerCase(), kind })) };
  };
  return {
    request: async (_method: string, path: string) => ({ status: body(path) ? 200 : 404, body: body(path) ?? {} }),
  } as unknown as KubeTarget;
}

describe('a component added by one record (test-only registry, built-in registry untouched)', () => {
  it('appears in the plan with its summary, reason and step, in review order', () => {
    const p = buildPlan({
      config: config({
        database: { type: 'postgresql' },
        components: { cicd: { enabled: true, gitRepo: 'https://git.example.com/web.git' } },
      }),
      registry: extended,
    });
    expect(p.components.find((c) => c.id === ('backup-schedule' as never))).toMatchObject({
      enabled: true,
      summary: 'Velero Schedule backing up the namespace',
      reasons: [{ text: 'every namespace gets a backup schedule' }],
    });
    const ids = p.steps.map((s) => s.id);
    expect(ids).toContain('backup-schedule');
    // review 215: after the database steps (210), before the pipeline (220).
    expect(ids.indexOf('backup-schedule')).toBeGreaterThan(ids.indexOf('database-connection'));
    expect(ids.indexOf('backup-schedule')).toBeLessThan(ids.indexOf('pipeline'));
    expect(p.steps.find((s) => s.id === 'backup-schedule')).toMatchObject({
      server: 'backup',
      tool: 'generate_backup_schedule',
      args: { app: p.app },
    });
    // Generators only see the components they know.
    expect(p.app.components).not.toContain('backup-schedule');
    expect(buildPlan({ config: config() }).components.map((c) => c.id)).toEqual([...COMPONENT_IDS]);
    expect(registry.get('backup-schedule')).toBeUndefined();
  });

  it('--disable-component takes its id and its alias, and its prerequisite cascades', () => {
    expect(resolveComponentNames(['velero'], extended)).toEqual(['backup-schedule']);
    expect(resolveComponentNames(['backup-schedule,istio'], extended)).toEqual(['backup-schedule', 'service-mesh']);
    expect(() => resolveComponentNames(['velero'])).toThrow(UnknownComponentError);
    const off = buildPlan({
      config: config(),
      registry: extended,
      disabled: resolveComponentNames(['velero'], extended),
    });
    expect(off.components.find((c) => c.id === ('backup-schedule' as never))).toMatchObject({
      enabled: false,
      reasons: [{ source: 'flag', ref: '--disable-component' }, expect.anything()],
    });
    expect(off.steps.some((s) => s.id === 'backup-schedule')).toBe(false);
    const worker = buildPlan({ config: config({ ports: [] }), registry: extended });
    expect(worker.components.find((c) => c.id === ('backup-schedule' as never))).toMatchObject({
      enabled: false,
      reasons: [{ text: 'needs service, which is off' }, expect.anything()],
    });
  });

  it('the capability check reports its kinds missing from a cluster that lacks them', async () => {
    const cap = await discover(
      discoveryStandIn({ 'cert-manager.io/v1': ['Certificate', 'Issuer'] }),
      extended.apiNeeds(),
    );
    expect(cap.components.find((c) => c.component === 'backup-schedule')).toEqual({
      component: 'backup-schedule',
      present: false,
      missing: ['velero.io/Schedule'],
    });
    expect(cap.components.find((c) => c.component === 'certificates')?.present).toBe(true);
    expect(
      componentSupport(new Map([['velero.io/v1', new Set(['Schedule'])]]), extended.apiNeeds()).find(
        (c) => c.component === 'backup-schedule',
      )?.present,
    ).toBe(true);
    const missing = missingKinds(
      cap,
      [{ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'web-daily' } }],
      extended.apiNeeds(),
    );
    expect(missing).toEqual([
      { apiVersion: 'velero.io/v1', kind: 'Schedule', objects: ['Schedule/web-daily'], component: 'backup-schedule' },
    ]);
  });

  it('its objects take their place in a shared file by its rank, whatever the call order', () => {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const calls = [
      { server: 'k8s-manifest-generator', tool: 'generate_configmap', name: 'web-config' },
      { server: 'backup', tool: 'generate_backup_schedule', name: 'web-backup' },
      { server: 'database-operator', tool: 'generate_connection_secrets', name: 'web-db' },
    ];
    for (const order of [calls, [...calls].reverse()]) {
      const ws = order.reduce(
        (w, c) =>
          withContribution(w, {
            step: contributionKey(c.server, c.tool),
            order: extended.toolRank(c.server, c.tool),
            files: [{ path: FILES.configmap, objects: [cm(c.name)] }],
          }),
        EMPTY_WORKSPACE,
      );
      expect(workspaceFiles(ws)[0].objects.map((o) => o.metadata.name)).toEqual(['web-db', 'web-backup', 'web-config']);
    }
    // A tool no record names goes after every known one.
    expect(registry.toolRank('backup', 'generate_backup_schedule')).toBeGreaterThan(
      registry.toolRank('monitoring-observability', 'configure_log_aggregation'),
    );
  });
});

describe('the built-in registry', () => {
  it('lists the component ids in order, with one rank per tool in the curated order', () => {
    expect(registry.ids).toEqual([...COMPONENT_IDS]);
    // The order objects had in shared files before the registry: trees must not change.
    const curated = [
      'cost-optimization/configure_resource_quotas',
      'k8s-manifest-generator/generate_deployment',
      'k8s-manifest-generator/generate_statefulset',
      'k8s-manifest-generator/generate_secrets',
      'database-operator/generate_connection_secrets',
      'k8s-manifest-generator/generate_configmap',
      'k8s-manifest-generator/generate_service',
      'ingress-networking/configure_load_balancer',
      'ingress-networking/generate_kong_ingress',
      'ingress-networking/generate_nginx_ingress',
      'ingress-networking/generate_certificates',
      'autoscaling/generate_hpa',
      'autoscaling/generate_keda_scaler',
      'autoscaling/generate_vpa',
      'monitoring-observability/generate_service_monitor',
      'security-policy/generate_network_policy',
      'security-policy/generate_rbac',
      'security-policy/generate_psp',
      'service-mesh/generate_gateway',
      'service-mesh/generate_virtual_service',
      'service-mesh/generate_destination_rule',
      'service-mesh/configure_mtls',
      'service-mesh/configure_traffic_policy',
      'database-operator/deploy_postgres_operator',
      'database-operator/deploy_mysql_operator',
      'database-operator/configure_replication',
      'database-operator/configure_backup',
      'gitops-cicd/generate_tekton_pipeline',
      'gitops-cicd/generate_pipeline_triggers',
      'gitops-cicd/configure_argocd_app',
      'monitoring-observability/generate_grafana_dashboard',
      'monitoring-observability/generate_alert_rules',
      'cost-optimization/setup_cost_monitoring',
      'monitoring-observability/configure_jaeger_tracing',
      'monitoring-observability/configure_log_aggregation',
    ];
    const tools = [...new Set(registry.steps().map(({ step }) => contributionKey(step.server, step.tool)))];
    expect(tools.sort((a, b) => registry.toolRank(...split(a)) - registry.toolRank(...split(b)))).toEqual(curated);
    // A tool no record names goes after every known one.
    expect(registry.toolRank('kubectl', 'kubectl_get')).toBeGreaterThan(registry.toolRank(...split(curated.at(-1)!)));
  });

  it('names every file each tool writes (every fixture, through the real servers)', async () => {
    const declared = new Map<string, Set<string>>();
    for (const { step } of registry.steps()) {
      const key = contributionKey(step.server, step.tool);
      declared.set(key, new Set([...(declared.get(key) ?? []), ...step.files.map((f) => FILES[f])]));
    }
    const undeclared: string[] = [];
    for (const fixture of FIXTURES) {
      const { state } = await generate(fixture);
      for (const [key, c] of Object.entries(state.workspace))
        for (const f of c.files)
          if (!declared.get(key)?.has(f.path)) undeclared.push(`${fixture}: ${key} writes ${f.path}`);
    }
    expect(undeclared).toEqual([]);
  }, 60_000);

  it('resolves the aliases people type', () => {
    expect(resolveComponentNames(['prometheus'])).toEqual(['monitoring', 'alerts']);
    expect(resolveComponentNames(['autoscaling'])).toEqual(['hpa', 'vpa', 'keda']);
    expect(resolveComponentNames(['Istio', 'cert-manager,tekton'])).toEqual(['service-mesh', 'certificates', 'cicd']);
    expect(() => resolveComponentNames(['deployment'])).toThrow(/cannot be disabled/);
  });

  it('refuses records that contradict each other', () => {
    const step = { id: 'x', server: 's', tool: 't', rank: 1, files: [] };
    expect(() =>
      createRegistry([
        { id: 'a', summary: '', review: 1, steps: [] },
        { id: 'a', summary: '', review: 2, steps: [] },
      ]),
    ).toThrow(/registered twice/);
    expect(() =>
      createRegistry([
        { id: 'a', summary: '', review: 1, steps: [step] },
        { id: 'b', summary: '', review: 2, steps: [{ ...step, rank: 2 }] },
      ]),
    ).toThrow(/two ranks/);
    expect(() => createRegistry([{ id: 'a', summary: '', review: 1, steps: [], requires: ['nope'] }])).toThrow(
      RegistryError,
    );
    expect(() => extendRegistry(registry, { ...backupSchedule, aliases: ['service'] })).toThrow(/is a component id/);
  });
});

function split(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
