// Where a tool's objects go within a shared file. The rank depends only on which
// tool produced them, never on the order calls were made, so the rules planner and
// an LLM planner that make the same calls produce byte-identical trees.
const ORDER = [
  'cost-optimization/configure_resource_quotas',
  'k8s-manifest-generator/generate_deployment',
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

const RANK = new Map(ORDER.map((key, i) => [key, i]));

export function contributionKey(server: string, tool: string): string {
  return `${server}/${tool}`;
}

/** Known tools first in curated order; any other tool after them. */
export function toolRank(server: string, tool: string): number {
  return RANK.get(contributionKey(server, tool)) ?? ORDER.length;
}
