// The output tree. Tools name the file each object belongs in; these constants keep
// the names in one place, and each component record lists the ones its tools write.
// 11 is pod security (PodSecurityPolicy left Kubernetes in 1.25); 15 and the extra
// monitoring file extend the spec's tree for database and logs.
export const FILES = {
  namespace: 'k8s-manifests/01-namespace.yaml',
  secrets: 'k8s-manifests/02-secrets.yaml',
  configmap: 'k8s-manifests/03-configmap.yaml',
  deployment: 'k8s-manifests/04-deployment.yaml',
  statefulSet: 'k8s-manifests/04-statefulset.yaml',
  service: 'k8s-manifests/05-service.yaml',
  ingress: 'k8s-manifests/06-ingress.yaml',
  hpa: 'k8s-manifests/07-hpa.yaml',
  vpa: 'k8s-manifests/08-vpa.yaml',
  serviceMonitor: 'k8s-manifests/09-servicemonitor.yaml',
  networkPolicy: 'k8s-manifests/10-networkpolicy.yaml',
  podSecurity: 'k8s-manifests/11-pod-security.yaml',
  virtualService: 'k8s-manifests/12-istio-virtualservice.yaml',
  destinationRule: 'k8s-manifests/13-istio-destinationrule.yaml',
  rollout: 'k8s-manifests/14-argo-rollout.yaml',
  database: 'k8s-manifests/15-database.yaml',
  tektonPipeline: 'ci-cd/tekton-pipeline.yaml',
  tektonTrigger: 'ci-cd/tekton-trigger.yaml',
  argocdApplication: 'ci-cd/argocd-application.yaml',
  grafanaDashboard: 'monitoring/grafana-dashboard.yaml',
  prometheusRules: 'monitoring/prometheus-rules.yaml',
  tracing: 'monitoring/jaeger-tracing.yaml',
  logging: 'monitoring/log-aggregation.yaml',
} as const;

export type FileKey = keyof typeof FILES;
