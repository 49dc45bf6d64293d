// The built-in components, one record each, in the order the plan lists them (the ids'
// order in component-ids.ts). To add one, see CONTRIBUTING.md.
import { servesHttp, type AppContext, type ComponentId } from './app-context.js';
import type { ComponentRecord } from './component-record.js';

const KM = 'k8s-manifest-generator';
const IN = 'ingress-networking';
const SM = 'service-mesh';
const AS = 'autoscaling';
const MO = 'monitoring-observability';
const SP = 'security-policy';
const DB = 'database-operator';
const GC = 'gitops-cicd';
const CO = 'cost-optimization';

const dbIs =
  (...types: string[]) =>
  (a: AppContext) =>
    a.database !== undefined && types.includes(a.database.type);
const OPERATED_DBS = ['postgresql', 'mysql', 'mongodb', 'redis'];
const has = (id: ComponentId) => (a: AppContext) => a.components.includes(id);

/** A built-in record: its id is one of COMPONENT_IDS. */
type Builtin = ComponentRecord & { id: ComponentId; requires?: readonly ComponentId[] };

export const BUILTIN_COMPONENTS: readonly Builtin[] = [
  {
    id: 'deployment',
    summary: 'Deployment meeting Pod Security "restricted", with probes and resources',
    core: true,
    review: 10,
    // A database, cache or broker image runs as a StatefulSet, with its headless Service and credentials Secret.
    steps: [
      {
        id: 'deployment',
        server: KM,
        tool: 'generate_deployment',
        rank: 1,
        files: ['deployment', 'namespace'],
        when: (a) => a.stateful === undefined,
      },
      {
        id: 'deployment',
        server: KM,
        tool: 'generate_statefulset',
        rank: 1.5,
        files: ['statefulSet', 'namespace', 'service', 'secrets'],
        when: (a) => a.stateful !== undefined,
      },
    ],
  },
  {
    id: 'service',
    summary: 'ClusterIP Service on the named container ports',
    review: 20,
    steps: [
      { id: 'service', server: KM, tool: 'generate_service', rank: 5, files: ['service'] },
      {
        id: 'load-balancer',
        server: IN,
        tool: 'configure_load_balancer',
        rank: 6,
        files: ['service'],
        // Never for a stateful image: a database port on a public load balancer.
        when: (a) => a.stateful === undefined && a.ports.some((p) => p.protocol === 'TCP' || p.protocol === 'UDP'),
      },
    ],
  },
  {
    id: 'configmap',
    summary: 'ConfigMap with non-secret settings',
    review: 30,
    steps: [{ id: 'configmap', server: KM, tool: 'generate_configmap', rank: 4, files: ['configmap'] }],
  },
  {
    id: 'secrets',
    summary: 'Secrets referenced by name, filled out of band',
    review: 40,
    steps: [{ id: 'secrets', server: KM, tool: 'generate_secrets', rank: 2, files: ['secrets'] }],
  },
  {
    id: 'ingress',
    summary: 'Ingress (Kong or NGINX) for the HTTP ports',
    aliases: ['kong', 'nginx'],
    requires: ['service'],
    review: 80,
    steps: [
      {
        id: 'ingress',
        server: IN,
        tool: 'generate_kong_ingress',
        rank: 7,
        files: ['ingress'],
        when: (a) => a.ingress?.className !== 'nginx' && a.ingress?.className !== 'istio',
      },
      {
        id: 'ingress',
        server: IN,
        tool: 'generate_nginx_ingress',
        rank: 8,
        files: ['ingress'],
        when: (a) => a.ingress?.className === 'nginx',
      },
    ],
    kinds: [{ group: 'configuration.konghq.com', version: 'v1', kind: 'KongPlugin' }],
  },
  {
    id: 'certificates',
    summary: 'cert-manager Issuer and Certificate for TLS',
    aliases: ['cert-manager', 'tls'],
    requires: ['ingress'],
    review: 90,
    steps: [{ id: 'certificates', server: IN, tool: 'generate_certificates', rank: 9, files: ['ingress'] }],
    kinds: [
      { group: 'cert-manager.io', version: 'v1', kind: 'Certificate' },
      { group: 'cert-manager.io', version: 'v1', kind: 'Issuer' },
    ],
  },
  {
    id: 'service-mesh',
    summary: 'Istio VirtualService, DestinationRule and PeerAuthentication',
    aliases: ['istio', 'mesh'],
    review: 100,
    // A worker without a Service is still meshed (sidecar, PeerAuthentication); routing needs the Service.
    steps: [
      {
        id: 'virtual-service',
        server: SM,
        tool: 'generate_virtual_service',
        rank: 18,
        files: ['virtualService'],
        // Its routes are HTTP routes: a database or broker that speaks only TCP has nothing for them to match.
        when: (a) => has('service')(a) && a.ports.some(servesHttp),
      },
      {
        id: 'destination-rule',
        server: SM,
        tool: 'generate_destination_rule',
        rank: 19,
        files: ['destinationRule'],
        when: has('service'),
      },
      { id: 'mtls', server: SM, tool: 'configure_mtls', rank: 20, files: ['destinationRule'] },
      {
        id: 'gateway',
        server: SM,
        tool: 'generate_gateway',
        rank: 17,
        files: ['virtualService'],
        when: (a) => a.ingress?.className === 'istio',
      },
    ],
    kinds: [
      { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' },
      { group: 'networking.istio.io', version: 'v1', kind: 'DestinationRule' },
      { group: 'security.istio.io', version: 'v1', kind: 'PeerAuthentication' },
    ],
  },
  {
    id: 'hpa',
    summary: 'HorizontalPodAutoscaler (autoscaling/v2)',
    aliases: ['autoscaling'],
    review: 120,
    steps: [{ id: 'hpa', server: AS, tool: 'generate_hpa', rank: 10, files: ['hpa'] }],
  },
  {
    id: 'vpa',
    summary: 'VerticalPodAutoscaler in recommendation mode',
    aliases: ['autoscaling'],
    review: 150,
    steps: [{ id: 'vpa', server: AS, tool: 'generate_vpa', rank: 12, files: ['vpa'] }],
    kinds: [{ group: 'autoscaling.k8s.io', version: 'v1', kind: 'VerticalPodAutoscaler' }],
  },
  {
    id: 'keda',
    summary: 'KEDA ScaledObject for event-driven scaling',
    aliases: ['autoscaling'],
    review: 140,
    steps: [{ id: 'keda', server: AS, tool: 'generate_keda_scaler', rank: 11, files: ['hpa'] }],
    kinds: [{ group: 'keda.sh', version: 'v1alpha1', kind: 'ScaledObject' }],
  },
  {
    id: 'pdb',
    summary: 'PodDisruptionBudget',
    review: 130,
    // generate_hpa writes the budget too; without an HPA it is called for the budget alone.
    steps: [
      {
        id: 'pdb',
        server: AS,
        tool: 'generate_hpa',
        rank: 10,
        files: ['hpa'],
        when: (a) => !a.components.includes('hpa'),
      },
    ],
  },
  {
    id: 'monitoring',
    summary: 'Prometheus ServiceMonitor',
    aliases: ['prometheus', 'servicemonitor'],
    requires: ['service'],
    review: 160,
    steps: [
      { id: 'service-monitor', server: MO, tool: 'generate_service_monitor', rank: 13, files: ['serviceMonitor'] },
    ],
    kinds: [
      { group: 'monitoring.coreos.com', version: 'v1', kind: 'ServiceMonitor' },
      { group: 'monitoring.coreos.com', version: 'v1', kind: 'PrometheusRule' },
    ],
  },
  {
    id: 'alerts',
    summary: 'PrometheusRule alerts with runbooks',
    aliases: ['prometheus'],
    review: 180,
    steps: [{ id: 'alerts', server: MO, tool: 'generate_alert_rules', rank: 30, files: ['prometheusRules'] }],
  },
  {
    id: 'dashboard',
    summary: 'Grafana dashboard',
    aliases: ['grafana'],
    review: 170,
    steps: [{ id: 'dashboard', server: MO, tool: 'generate_grafana_dashboard', rank: 29, files: ['grafanaDashboard'] }],
  },
  {
    id: 'tracing',
    summary: 'OpenTelemetry collector and Jaeger tracing',
    aliases: ['jaeger', 'opentelemetry'],
    review: 190,
    steps: [{ id: 'tracing', server: MO, tool: 'configure_jaeger_tracing', rank: 32, files: ['tracing'] }],
    kinds: [
      { group: 'opentelemetry.io', version: 'v1beta1', kind: 'OpenTelemetryCollector' },
      { group: 'jaegertracing.io', version: 'v1', kind: 'Jaeger' },
    ],
  },
  {
    id: 'logging',
    summary: 'Log aggregation',
    aliases: ['logs'],
    review: 200,
    steps: [{ id: 'logging', server: MO, tool: 'configure_log_aggregation', rank: 33, files: ['logging'] }],
    kinds: [{ group: 'logging.banzaicloud.io', version: 'v1beta1', kind: 'Flow' }],
  },
  {
    id: 'network-policy',
    summary: 'Default-deny NetworkPolicy with explicit allows',
    aliases: ['networkpolicy'],
    review: 70,
    steps: [{ id: 'network-policy', server: SP, tool: 'generate_network_policy', rank: 14, files: ['networkPolicy'] }],
  },
  {
    id: 'rbac',
    summary: 'ServiceAccount and least-privilege Role',
    review: 50,
    steps: [{ id: 'rbac', server: SP, tool: 'generate_rbac', rank: 15, files: ['podSecurity'] }],
  },
  {
    id: 'pod-security',
    summary: 'Pod Security Admission labels and Gatekeeper constraints',
    aliases: ['gatekeeper', 'psa'],
    review: 60,
    steps: [{ id: 'pod-security', server: SP, tool: 'generate_psp', rank: 16, files: ['podSecurity'] }],
    kinds: [{ group: 'templates.gatekeeper.sh', version: 'v1', kind: 'ConstraintTemplate' }],
  },
  {
    id: 'database',
    summary: 'Database through its operator',
    aliases: ['postgres'],
    review: 210,
    steps: [
      {
        id: 'database',
        server: DB,
        tool: 'deploy_postgres_operator',
        rank: 22,
        files: ['database'],
        when: dbIs('postgresql'),
      },
      { id: 'database', server: DB, tool: 'deploy_mysql_operator', rank: 23, files: ['database'], when: dbIs('mysql') },
      {
        id: 'database',
        server: DB,
        tool: 'configure_replication',
        rank: 24,
        files: ['database'],
        when: dbIs('mongodb', 'redis'),
      },
      {
        id: 'database-backup',
        server: DB,
        tool: 'configure_backup',
        rank: 25,
        files: ['database'],
        when: (a) => dbIs(...OPERATED_DBS)(a) && a.database?.backup === true,
      },
      {
        id: 'database-connection',
        server: DB,
        tool: 'generate_connection_secrets',
        rank: 3,
        files: ['configmap'],
        when: dbIs(...OPERATED_DBS),
      },
    ],
    kinds: [{ group: 'acid.zalan.do', version: 'v1', kind: 'postgresql' }],
  },
  {
    id: 'rollout',
    summary: 'Argo Rollout canary over the Deployment',
    aliases: ['argo-rollouts', 'argo-rollout'],
    review: 110,
    steps: [{ id: 'rollout', server: SM, tool: 'configure_traffic_policy', rank: 21, files: ['rollout'] }],
    kinds: [
      { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout' },
      { group: 'argoproj.io', version: 'v1alpha1', kind: 'AnalysisTemplate' },
    ],
  },
  {
    id: 'cicd',
    summary: 'Tekton pipeline and triggers',
    aliases: ['tekton'],
    review: 220,
    steps: [
      { id: 'pipeline', server: GC, tool: 'generate_tekton_pipeline', rank: 26, files: ['tektonPipeline'] },
      {
        id: 'triggers',
        server: GC,
        tool: 'generate_pipeline_triggers',
        rank: 27,
        files: ['tektonTrigger'],
        when: (a) => a.cicd?.webhook === true,
      },
    ],
    kinds: [
      { group: 'tekton.dev', version: 'v1', kind: 'Pipeline' },
      { group: 'triggers.tekton.dev', version: 'v1beta1', kind: 'EventListener' },
    ],
  },
  {
    id: 'argocd',
    summary: 'Argo CD Application',
    aliases: ['argo-cd', 'gitops'],
    review: 230,
    steps: [{ id: 'argocd', server: GC, tool: 'configure_argocd_app', rank: 28, files: ['argocdApplication'] }],
    kinds: [{ group: 'argoproj.io', version: 'v1alpha1', kind: 'Application' }],
  },
  {
    id: 'cost',
    summary: 'ResourceQuota, LimitRange and cost alerts',
    aliases: ['quotas'],
    review: 240,
    steps: [
      { id: 'quotas', server: CO, tool: 'configure_resource_quotas', rank: 0, files: ['namespace'] },
      {
        id: 'cost-monitoring',
        server: CO,
        tool: 'setup_cost_monitoring',
        rank: 31,
        files: ['prometheusRules'],
        when: has('alerts'),
      },
    ],
  },
];
