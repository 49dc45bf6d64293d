// All ten servers through a plain SDK Client over the in-memory transport: exactly the
// spec's tools and resources, every resource readable, every tool called with a value
// check, and bad arguments answered with a schema error that names the field.
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callErr, callOk, connectBuiltin } from '../helpers/mcp.js';
import { blogApi, imageClassifier, userService } from '../helpers/app-context.js';
import { BUILTIN_SERVERS } from '../../mcp/registry.js';

const SPEC: Record<string, { tools: string[]; resources: string[] }> = {
  'docker-analysis': {
    tools: ['analyze_dockerfile', 'inspect_image', 'estimate_resources', 'detect_dependencies', 'security_scan'],
    resources: ['dockerfile_best_practices', 'base_image_catalog'],
  },
  'k8s-manifest-generator': {
    tools: [
      'generate_deployment',
      'generate_statefulset',
      'generate_service',
      'generate_configmap',
      'generate_secrets',
      'validate_manifests',
      'apply_manifests',
    ],
    resources: ['manifest_templates', 'kubernetes_schema'],
  },
  'security-policy': {
    tools: ['generate_network_policy', 'generate_psp', 'generate_rbac', 'scan_vulnerabilities', 'compliance_check'],
    resources: ['security_baselines', 'vulnerability_database'],
  },
  'ingress-networking': {
    tools: ['generate_kong_ingress', 'generate_nginx_ingress', 'generate_certificates', 'configure_load_balancer'],
    resources: ['ingress_templates', 'certificate_authorities'],
  },
  'service-mesh': {
    tools: [
      'generate_virtual_service',
      'generate_destination_rule',
      'generate_gateway',
      'configure_mtls',
      'configure_traffic_policy',
    ],
    resources: ['istio_templates', 'traffic_patterns'],
  },
  'monitoring-observability': {
    tools: [
      'generate_service_monitor',
      'generate_grafana_dashboard',
      'generate_alert_rules',
      'configure_jaeger_tracing',
      'configure_log_aggregation',
    ],
    resources: ['dashboard_templates', 'alert_runbooks'],
  },
  autoscaling: {
    tools: [
      'generate_hpa',
      'generate_vpa',
      'generate_keda_scaler',
      'configure_cluster_autoscaler',
      'analyze_scaling_metrics',
    ],
    resources: ['scaling_patterns', 'metrics_catalog'],
  },
  'database-operator': {
    tools: [
      'deploy_postgres_operator',
      'deploy_mysql_operator',
      'configure_backup',
      'configure_replication',
      'generate_connection_secrets',
    ],
    resources: ['operator_catalog', 'backup_policies'],
  },
  'gitops-cicd': {
    tools: [
      'create_git_repository',
      'generate_tekton_pipeline',
      'configure_argocd_app',
      'setup_webhooks',
      'generate_pipeline_triggers',
    ],
    resources: ['pipeline_templates', 'gitops_patterns'],
  },
  'cost-optimization': {
    tools: ['analyze_costs', 'recommend_optimizations', 'configure_resource_quotas', 'setup_cost_monitoring'],
    resources: ['cost_models', 'optimization_strategies'],
  },
};
const WORLD_CHANGING = ['apply_manifests', 'create_git_repository', 'setup_webhooks', 'configure_cluster_autoscaler'];

const clients = new Map<string, Client>();
const client = async (s: string) => {
  if (!clients.has(s)) clients.set(s, await connectBuiltin(s));
  return clients.get(s)!;
};
afterAll(async () => Promise.all([...clients.values()].map((c) => c.close())));

type Out = {
  files: { path: string; objects: any[] }[];
  findings: { severity: string; rule: string }[];
  reasons: string[];
};
const objs = (o: Out) => o.files.flatMap((f) => f.objects);
const kind = (o: Out, k: string) => objs(o).find((x) => x.kind === k);

describe.each(BUILTIN_SERVERS)('%s', (server) => {
  it("lists exactly the spec's tools and resources, with annotations and schemas", async () => {
    const c = await client(server);
    const tools = (await c.listTools()).tools;
    expect(tools.map((t) => t.name).sort()).toEqual([...SPEC[server].tools].sort());
    expect((await c.listResources()).resources.map((r) => r.name).sort()).toEqual([...SPEC[server].resources].sort());
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema, t.name).toBeDefined();
      expect(t.annotations?.readOnlyHint, t.name).toBe(!WORLD_CHANGING.includes(t.name));
      if (WORLD_CHANGING.includes(t.name)) expect(t.annotations?.destructiveHint, t.name).toBe(true);
    }
  });

  it('every resource reads, and JSON resources parse', async () => {
    const c = await client(server);
    for (const r of (await c.listResources()).resources) {
      const body = (await c.readResource({ uri: r.uri })).contents[0] as { text: string; mimeType: string };
      expect(body.text.length, r.name).toBeGreaterThan(50);
      if (body.mimeType === 'application/json') expect(() => JSON.parse(body.text), r.name).not.toThrow();
    }
  });

  it('bad arguments get a schema error naming the field, never a crash', async () => {
    const c = await client(server);
    for (const t of (await c.listTools()).tools) {
      const props = Object.keys((t.inputSchema.properties ?? {}) as object);
      if (!props.includes('app')) continue;
      const err = await callErr(c, t.name, { app: { name: 'Bad Name!', ports: 'none' } });
      expect(err, t.name).toMatch(
        /app\.(name|ports|namespace|image|appType|resources|scaling|securityProfile|components)/,
      );
    }
  });
});

describe('every generator and check, called through the client', () => {
  const app = blogApi();
  const call = async (server: string, tool: string, args: Record<string, unknown>) =>
    callOk<any>(await client(server), tool, args);

  it('security-policy', async () => {
    const np: Out = await call('security-policy', 'generate_network_policy', { app });
    expect(objs(np).map((o) => o.metadata.name)).toEqual([
      'blog-api-default-deny',
      'blog-api-allow-ingress',
      'blog-api-allow-same-namespace',
      'blog-api-allow-prometheus',
      'blog-api-allow-egress',
      'blog-api-allow-database',
      'blog-api-allow-collector',
      'blog-api-allow-jaeger',
    ]);
    const egress = objs(np).find((o) => o.metadata.name === 'blog-api-allow-egress').spec.egress;
    expect(egress.map((e: any) => e.ports[0].port)).toEqual([53, 5432, 4317, 15012]);
    const noDb: Out = await call('security-policy', 'generate_network_policy', {
      app: { ...app, components: app.components.filter((x) => x !== 'database' && x !== 'service-mesh') },
    });
    expect(JSON.stringify(noDb)).not.toMatch(/5432|istio-system/);
    const rbac: Out = await call('security-policy', 'generate_rbac', { app });
    expect(kind(rbac, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(kind(rbac, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['blog-api-config'], verbs: ['get', 'watch'] },
    ]);
    const std: Out = await call('security-policy', 'generate_psp', { app });
    expect(std.files).toEqual([]);
    const pci: Out = await call('security-policy', 'generate_psp', { app: userService() });
    expect(
      objs(pci)
        .filter((o) => o.kind !== 'ConstraintTemplate')
        .map((o) => o.kind),
    ).toEqual([
      'KaptainRequiredNonRoot',
      'KaptainReadOnlyRootFilesystem',
      'KaptainRequiredResources',
      'KaptainAllowedRegistries',
    ]);
    const scan = await call('security-policy', 'scan_vulnerabilities', {
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: nginx, securityContext: {privileged: true}, env: [{name: DB_PASSWORD, value: hunter2}]}]\n',
    });
    expect(scan.findings.map((f: any) => f.rule)).toEqual(
      expect.arrayContaining(['KK-SEC-001', 'KK-SEC-002', 'KK-SEC-005', 'KK-SEC-006', 'KK-SEC-007', 'KK-SEC-010']),
    );
    const comp = await call('security-policy', 'compliance_check', { files: np.files, profile: 'pci' });
    expect(comp.controls.find((c: any) => c.control === 'PCI-1.3.1').status).toBe('pass');
    expect(comp.controls.find((c: any) => c.control === 'PCI-4.2.1').status).toBe('fail');
  });

  it('ingress-networking', async () => {
    const kong: Out = await call('ingress-networking', 'generate_kong_ingress', { app });
    expect(kind(kong, 'Ingress').spec.ingressClassName).toBe('kong');
    expect(kind(kong, 'KongPlugin').config.minute).toBe(600);
    const nginx: Out = await call('ingress-networking', 'generate_nginx_ingress', {
      app: blogApi({ ingress: { className: 'nginx', tls: true, host: 'x.example.com' } }),
    });
    expect(kind(nginx, 'Ingress').spec.ingressClassName).toBe('nginx');
    const certs: Out = await call('ingress-networking', 'generate_certificates', { app, email: 'ops@example.com' });
    expect(kind(certs, 'Certificate').spec).toMatchObject({
      secretName: 'blog-api-tls',
      dnsNames: ['blog-api.example.com'],
    });
    expect(kind(certs, 'Issuer').spec.acme.solvers[0].http01.ingress.ingressClassName).toBe('kong');
    const lbNone: Out = await call('ingress-networking', 'configure_load_balancer', { app });
    expect(lbNone.files).toEqual([]);
    const lb: Out = await call('ingress-networking', 'configure_load_balancer', {
      app: blogApi({ ports: [{ name: 'mqtt', port: 1883, protocol: 'TCP' }] }),
      cloud: 'aws',
    });
    expect(kind(lb, 'Service').spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
  });

  it('service-mesh', async () => {
    const vs: Out = await call('service-mesh', 'generate_virtual_service', { app });
    expect(kind(vs, 'VirtualService').spec.http[0]).toMatchObject({ timeout: '15s', retries: { attempts: 3 } });
    // HTTP routes for an app that speaks only TCP would match nothing: refused, not written.
    const tcpOnly = blogApi({ ports: [{ name: 'tcp-postgres', port: 5432, protocol: 'TCP' }] });
    expect(await callErr(await client('service-mesh'), 'generate_virtual_service', { app: tcpOnly })).toMatch(
      /serves only TCP or UDP ports; a VirtualService routes HTTP and gRPC/,
    );
    const dr: Out = await call('service-mesh', 'generate_destination_rule', { app });
    expect(kind(dr, 'DestinationRule').spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(5);
    const gw: Out = await call('service-mesh', 'generate_gateway', { app });
    expect(kind(gw, 'Gateway').spec.servers[1].tls.credentialName).toBe('blog-api-tls');
    const mtls: Out = await call('service-mesh', 'configure_mtls', { app: blogApi({ mesh: { mTLS: 'permissive' } }) });
    expect(kind(mtls, 'PeerAuthentication').spec.mtls.mode).toBe('PERMISSIVE');
    const ro: Out = await call('service-mesh', 'configure_traffic_policy', { app });
    expect(kind(ro, 'Rollout').spec.workloadRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'blog-api',
      scaleDown: 'never',
    });
    expect(kind(ro, 'Rollout').spec.strategy.canary.steps[0]).toEqual({ setWeight: 10 });
  });

  it('monitoring-observability', async () => {
    const sm: Out = await call('monitoring-observability', 'generate_service_monitor', { app });
    expect(kind(sm, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({
      port: 'http',
      path: '/metrics',
      interval: '30s',
    });
    const dash: Out = await call('monitoring-observability', 'generate_grafana_dashboard', { app: userService() });
    const json = JSON.parse(Object.values(kind(dash, 'ConfigMap').data as Record<string, string>)[0]);
    expect(json.panels[0].targets[0].expr).toContain('grpc_server_handled_total');
    // Runbook links only where the user says the runbooks live; never an address no browser opens.
    const bare: Out = await call('monitoring-observability', 'generate_alert_rules', { app });
    for (const r of kind(bare, 'PrometheusRule').spec.groups[0].rules)
      expect(r.annotations.runbook_url).toBeUndefined();
    const rules: Out = await call('monitoring-observability', 'generate_alert_rules', {
      app: blogApi({ monitoring: { ...app.monitoring!, runbookBaseUrl: 'https://runbooks.example.org/blog-api' } }),
    });
    for (const r of kind(rules, 'PrometheusRule').spec.groups[0].rules)
      expect(r.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\.org\/blog-api#[a-z-]+$/);
    const runbooks = (
      await (
        await client('monitoring-observability')
      ).readResource({ uri: 'kaptain://monitoring-observability/alert_runbooks' })
    ).contents[0] as { text: string };
    for (const r of kind(rules, 'PrometheusRule').spec.groups[0].rules)
      expect(runbooks.text).toContain(`## ${r.alert}`);
    const tr: Out = await call('monitoring-observability', 'configure_jaeger_tracing', { app });
    expect(objs(tr).map((o) => o.kind)).toEqual(['Jaeger', 'OpenTelemetryCollector', 'Instrumentation']);
    const logs: Out = await call('monitoring-observability', 'configure_log_aggregation', { app: userService() });
    expect(kind(logs, 'Flow').metadata.annotations['kaptainkube.dev/retention-days']).toBe('365');
  });

  it('autoscaling', async () => {
    const hpa: Out = await call('autoscaling', 'generate_hpa', { app: userService() });
    expect(kind(hpa, 'HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 50,
      scaleTargetRef: { kind: 'Rollout' },
    });
    expect(kind(hpa, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    const vpa: Out = await call('autoscaling', 'generate_vpa', { app });
    expect(kind(vpa, 'VerticalPodAutoscaler').spec.updatePolicy.updateMode).toBe('Off');
    const keda: Out = await call('autoscaling', 'generate_keda_scaler', { app: imageClassifier() });
    expect(kind(keda, 'ScaledObject').spec.triggers[0].type).toBe('prometheus');
    const ca = await call('autoscaling', 'configure_cluster_autoscaler', { app: imageClassifier() });
    expect(ca.nodeGroups[0]).toMatchObject({ minSize: 0, maxSize: 5, taints: ['nvidia.com/gpu=present:NoSchedule'] });
    expect(await callErr(await client('autoscaling'), 'configure_cluster_autoscaler', { app, dryRun: false })).toMatch(
      /needs a cluster connection/,
    );
    const an = await call('autoscaling', 'analyze_scaling_metrics', { app: userService(), observed: { cpuP95: 95 } });
    expect(an.minReplicas).toBe(3);
    expect(an.maxReplicas).toBeGreaterThan(50);
  });

  it('database-operator', async () => {
    const pg: Out = await call('database-operator', 'deploy_postgres_operator', { app });
    expect(kind(pg, 'postgresql').spec).toMatchObject({
      teamId: 'blog-api',
      numberOfInstances: 2,
      volume: { size: '20Gi' },
      databases: { blog_api: 'app' },
    });
    const my: Out = await call('database-operator', 'deploy_mysql_operator', {
      app: blogApi({ database: { type: 'mysql', size: '5Gi', backup: true, instances: 2 } }),
    });
    expect(kind(my, 'InnoDBCluster').spec).toMatchObject({ instances: 3, secretName: 'blog-api-db-credentials' });
    const bk: Out = await call('database-operator', 'configure_backup', { app: blogApi({ securityProfile: 'hipaa' }) });
    expect(kind(bk, 'ConfigMap').data.BACKUP_NUM_TO_RETAIN).toBe('2190');
    const mongo: Out = await call('database-operator', 'configure_replication', {
      app: blogApi({ database: { type: 'mongodb', size: '8Gi', backup: true, instances: 3 } }),
    });
    expect(kind(mongo, 'MongoDBCommunity').spec.members).toBe(3);
    const conn: Out = await call('database-operator', 'generate_connection_secrets', { app });
    expect(kind(conn, 'ConfigMap').data).toMatchObject({
      DB_HOST: 'blog-api-db',
      DB_PORT: '5432',
      DB_CREDENTIALS_SECRET: 'app.blog-api-db.credentials.postgresql.acid.zalan.do',
    });
    expect(JSON.stringify(conn)).not.toMatch(/password"\s*:\s*"[^D]/i);
  });

  it('gitops-cicd', async () => {
    const tk: Out = await call('gitops-cicd', 'generate_tekton_pipeline', { app });
    expect(kind(tk, 'Pipeline').spec.tasks.map((t: any) => t.name)).toEqual(['clone', 'test', 'build', 'scan']);
    expect(JSON.stringify(objs(tk))).toContain('npm ci');
    const tr: Out = await call('gitops-cicd', 'generate_pipeline_triggers', { app });
    expect(kind(tr, 'EventListener').spec.triggers[0].interceptors[1].params[0].value).toBe(
      "body.ref == 'refs/heads/main'",
    );
    const argo: Out = await call('gitops-cicd', 'configure_argocd_app', { app });
    expect(kind(argo, 'Application').spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    const hook = await call('gitops-cicd', 'setup_webhooks', { app });
    expect(hook).toMatchObject({
      dryRun: true,
      method: 'POST',
      url: 'https://api.github.com/repos/example/blog-api/hooks',
    });
    const dir = join(mkdtempSync(join(tmpdir(), 'kk-gitops-')), 'repo');
    const dry = await call('gitops-cicd', 'create_git_repository', { files: tk.files, path: dir });
    expect(dry.files).toContain('overlays/production/kustomization.yaml');
    expect(existsSync(dir)).toBe(false);
    const real = await call('gitops-cicd', 'create_git_repository', { files: tk.files, path: dir, dryRun: false });
    expect(real.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(spawnSync('git', ['log', '--oneline'], { cwd: dir, encoding: 'utf8' }).stdout).toContain(
      'Initial manifests from KaptainKube',
    );
  });

  it('cost-optimization', async () => {
    const costs = await call('cost-optimization', 'analyze_costs', { app: imageClassifier() });
    expect(costs.estimates.map((e: any) => e.cloud)).toEqual(['aws', 'gcp', 'azure']);
    expect(costs.estimates[0].atMax.gpu).toBeGreaterThan(costs.estimates[0].atMin.gpu);
    expect(costs.priced).toMatch(/list prices/);
    const rec = await call('cost-optimization', 'recommend_optimizations', { app, observed: { cpuUsedCores: 0.05 } });
    expect(rec.recommendations[0].change).toMatch(/lower the CPU request from 250m/);
    const q: Out = await call('cost-optimization', 'configure_resource_quotas', { app: imageClassifier() });
    expect(kind(q, 'ResourceQuota').spec.hard['requests.nvidia.com/gpu']).toBe('5');
    const mon: Out = await call('cost-optimization', 'setup_cost_monitoring', { app, monthlyBudget: 500 });
    expect(JSON.stringify(objs(mon))).toContain('> 500');
  });
});
