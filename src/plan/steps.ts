// Turns the chosen components into MCP tool calls, in the order a platform engineer
// would review them: workload first, then security, networking, mesh, scaling,
// observability, data, delivery and cost, and finally validation of the whole set.
import type { AppContext, ComponentId } from '../../mcp/shared/app-context.js';
import type { PlanStep, PlannedComponent } from './types.js';

interface StepSpec {
  id: string;
  component: ComponentId;
  server: string;
  tool: string;
  when?: (app: AppContext) => boolean;
  extra?: (app: AppContext) => Record<string, unknown>;
}

const DB_TOOL: Record<string, { server: string; tool: string }> = {
  postgresql: { server: 'database-operator', tool: 'deploy_postgres_operator' },
  mysql: { server: 'database-operator', tool: 'deploy_mysql_operator' },
  mongodb: { server: 'database-operator', tool: 'configure_replication' },
  redis: { server: 'database-operator', tool: 'configure_replication' },
};

const KM = 'k8s-manifest-generator';

/** The validation step's arguments are the workspace at the time it runs. */
export const VALIDATE_STEP_ID = 'validate';

function specs(app: AppContext): StepSpec[] {
  const db = app.database ? DB_TOOL[app.database.type] : undefined;
  const nonHttp = app.ports.some((p) => p.protocol === 'TCP' || p.protocol === 'UDP');
  return [
    { id: 'deployment', component: 'deployment', server: KM, tool: 'generate_deployment' },
    { id: 'service', component: 'service', server: KM, tool: 'generate_service' },
    { id: 'load-balancer', component: 'service', server: 'ingress-networking', tool: 'configure_load_balancer', when: () => nonHttp },
    { id: 'configmap', component: 'configmap', server: KM, tool: 'generate_configmap' },
    { id: 'secrets', component: 'secrets', server: KM, tool: 'generate_secrets' },
    { id: 'rbac', component: 'rbac', server: 'security-policy', tool: 'generate_rbac' },
    { id: 'pod-security', component: 'pod-security', server: 'security-policy', tool: 'generate_psp' },
    { id: 'network-policy', component: 'network-policy', server: 'security-policy', tool: 'generate_network_policy' },
    {
      id: 'ingress',
      component: 'ingress',
      server: 'ingress-networking',
      tool: app.ingress?.className === 'nginx' ? 'generate_nginx_ingress' : 'generate_kong_ingress',
      when: (a) => a.ingress?.className !== 'istio',
    },
    { id: 'certificates', component: 'certificates', server: 'ingress-networking', tool: 'generate_certificates' },
    { id: 'virtual-service', component: 'service-mesh', server: 'service-mesh', tool: 'generate_virtual_service' },
    { id: 'destination-rule', component: 'service-mesh', server: 'service-mesh', tool: 'generate_destination_rule' },
    { id: 'mtls', component: 'service-mesh', server: 'service-mesh', tool: 'configure_mtls' },
    { id: 'gateway', component: 'service-mesh', server: 'service-mesh', tool: 'generate_gateway', when: (a) => a.ingress?.className === 'istio' },
    { id: 'rollout', component: 'rollout', server: 'service-mesh', tool: 'configure_traffic_policy' },
    { id: 'hpa', component: 'hpa', server: 'autoscaling', tool: 'generate_hpa' },
    { id: 'pdb', component: 'pdb', server: 'autoscaling', tool: 'generate_hpa', when: (a) => !a.components.includes('hpa') },
    { id: 'keda', component: 'keda', server: 'autoscaling', tool: 'generate_keda_scaler' },
    { id: 'vpa', component: 'vpa', server: 'autoscaling', tool: 'generate_vpa' },
    { id: 'service-monitor', component: 'monitoring', server: 'monitoring-observability', tool: 'generate_service_monitor' },
    { id: 'dashboard', component: 'dashboard', server: 'monitoring-observability', tool: 'generate_grafana_dashboard' },
    { id: 'alerts', component: 'alerts', server: 'monitoring-observability', tool: 'generate_alert_rules' },
    { id: 'tracing', component: 'tracing', server: 'monitoring-observability', tool: 'configure_jaeger_tracing' },
    { id: 'logging', component: 'logging', server: 'monitoring-observability', tool: 'configure_log_aggregation' },
    ...(db
      ? [
          { id: 'database', component: 'database' as const, server: db.server, tool: db.tool },
          { id: 'database-backup', component: 'database' as const, server: 'database-operator', tool: 'configure_backup', when: (a: AppContext) => a.database?.backup === true },
          { id: 'database-connection', component: 'database' as const, server: 'database-operator', tool: 'generate_connection_secrets' },
        ]
      : []),
    { id: 'pipeline', component: 'cicd', server: 'gitops-cicd', tool: 'generate_tekton_pipeline' },
    { id: 'triggers', component: 'cicd', server: 'gitops-cicd', tool: 'generate_pipeline_triggers', when: (a) => a.cicd?.webhook === true },
    { id: 'argocd', component: 'argocd', server: 'gitops-cicd', tool: 'configure_argocd_app' },
    { id: 'quotas', component: 'cost', server: 'cost-optimization', tool: 'configure_resource_quotas' },
    { id: 'cost-monitoring', component: 'cost', server: 'cost-optimization', tool: 'setup_cost_monitoring', when: (a) => a.components.includes('alerts') },
  ];
}

export function planSteps(app: AppContext, components: PlannedComponent[]): PlanStep[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const steps: PlanStep[] = [];
  for (const s of specs(app)) {
    const component = byId.get(s.component);
    if (!component?.enabled) continue;
    if (s.when && !s.when(app)) continue;
    steps.push({ id: s.id, component: s.component, server: s.server, tool: s.tool, args: { app, ...(s.extra?.(app) ?? {}) }, reasons: component.reasons });
  }
  steps.push({
    id: VALIDATE_STEP_ID,
    component: 'validation',
    server: KM,
    tool: 'validate_manifests',
    args: {},
    reasons: [{ text: 'every object is checked against its schema and production-readiness rules before anything is written', source: 'default' }],
  });
  return steps;
}
