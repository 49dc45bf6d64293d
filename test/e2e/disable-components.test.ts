// --disable-component for every component: its objects go, and so does every
// reference to them; what is left still passes validation.
import { describe, expect, it } from 'vitest';
import type { ComponentId } from '../../src/plan/app-context.js';
import { generate } from '../helpers/generate.js';

interface Case {
  fixture: string;
  /** Kinds that must disappear. */
  kinds?: string[];
  /** Strings (names, labels, files) that must appear before and not after. */
  gone: string[];
}

const CASES: Record<Exclude<ComponentId, 'deployment'>, Case> = {
  service: {
    fixture: 'blog-api',
    kinds: ['Service', 'Ingress', 'ServiceMonitor', 'VirtualService'],
    gone: ['k8s-manifests/05-service.yaml', 'targetPort'],
  },
  // 03-configmap.yaml stays: the database's connection ConfigMap lives there too (and the pods still read that one).
  configmap: { fixture: 'blog-api', gone: ['blog-api-config', 'OTEL_SERVICE_NAME'] },
  // No Secret object is ever generated: disabling the component drops the pods' reference.
  secrets: { fixture: 'user-service', gone: ['user-service-signing-key'] },
  ingress: {
    fixture: 'blog-api',
    kinds: ['Ingress', 'Certificate', 'Issuer'],
    gone: ['k8s-manifests/06-ingress.yaml', 'blog.example.com', 'kubernetes.io/metadata.name: kong'],
  },
  certificates: { fixture: 'blog-api', kinds: ['Certificate', 'Issuer'], gone: ['blog-api-tls', 'blog-api-issuer'] },
  'service-mesh': {
    fixture: 'blog-api',
    kinds: ['VirtualService', 'DestinationRule', 'PeerAuthentication'],
    gone: [
      'sidecar.istio.io/inject',
      'istio-injection',
      'istio-system',
      'trafficRouting',
      'k8s-manifests/12-istio-virtualservice.yaml',
    ],
  },
  hpa: { fixture: 'blog-api', kinds: ['HorizontalPodAutoscaler'], gone: ['HPAAtMaximum', 'k8s-manifests/07-hpa.yaml'] },
  vpa: { fixture: 'blog-api', kinds: ['VerticalPodAutoscaler'], gone: ['k8s-manifests/08-vpa.yaml'] },
  keda: { fixture: 'queue-worker', kinds: ['ScaledObject', 'TriggerAuthentication'], gone: ['keda.sh'] },
  pdb: { fixture: 'user-service', kinds: ['PodDisruptionBudget'], gone: ['kind: PodDisruptionBudget'] },
  monitoring: {
    fixture: 'blog-api',
    kinds: ['ServiceMonitor'],
    gone: ['k8s-manifests/09-servicemonitor.yaml', 'blog-api-allow-prometheus'],
  },
  alerts: { fixture: 'blog-api', gone: ['blog-api-alerts', 'HighErrorRate'] },
  dashboard: { fixture: 'blog-api', gone: ['grafana_dashboard', 'monitoring/grafana-dashboard.yaml'] },
  tracing: {
    fixture: 'blog-api',
    kinds: ['OpenTelemetryCollector', 'Jaeger', 'Instrumentation'],
    gone: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'opentelemetry-collector', 'monitoring/jaeger-tracing.yaml'],
  },
  logging: { fixture: 'blog-api', kinds: ['Flow', 'Output'], gone: ['monitoring/log-aggregation.yaml'] },
  'network-policy': { fixture: 'blog-api', kinds: ['NetworkPolicy'], gone: ['k8s-manifests/10-networkpolicy.yaml'] },
  // The Tekton listener keeps its own ServiceAccount; the app's goes.
  rbac: {
    fixture: 'blog-api',
    kinds: ['Role'],
    gone: [
      'serviceAccountName: blog-api\n',
      'name: blog-api\n  namespace: blog-api\n  labels:\n    app.kubernetes.io/name: blog-api\n    app.kubernetes.io/instance: blog-api\n    app.kubernetes.io/managed-by: kaptain-kube\nautomountServiceAccountToken: false',
      'blog-api-read-config',
    ],
  },
  // 11-pod-security.yaml stays for the RBAC objects that share it.
  'pod-security': {
    fixture: 'user-service',
    kinds: ['ConstraintTemplate', 'KaptainRequiredNonRoot', 'KaptainAllowedRegistries'],
    gone: ['pod-security.kubernetes.io/enforce', 'templates.gatekeeper.sh'],
  },
  database: {
    fixture: 'blog-api',
    kinds: ['postgresql'],
    gone: ['blog-api-db', 'DB_PASSWORD', 'acid.zalan.do', 'k8s-manifests/15-database.yaml'],
  },
  rollout: {
    fixture: 'blog-api',
    kinds: ['Rollout', 'AnalysisTemplate'],
    gone: ['replicas: 0', 'kind: Rollout', 'subsets'],
  },
  cicd: {
    fixture: 'blog-api',
    kinds: ['Pipeline', 'EventListener', 'TriggerTemplate'],
    gone: ['ci-cd/tekton-pipeline.yaml', 'ci-cd/tekton-trigger.yaml'],
  },
  argocd: {
    fixture: 'blog-api',
    kinds: ['Application'],
    gone: ['ci-cd/argocd-application.yaml', 'argoproj.io/v1alpha1\nkind: Application'],
  },
  cost: { fixture: 'blog-api', kinds: ['ResourceQuota', 'LimitRange'], gone: ['blog-api-quota', 'CostOverBudget'] },
};

function haystack(g: Awaited<ReturnType<typeof generate>>): string {
  return [...g.files.keys(), ...g.files.values()].join('\n');
}

const baselines = new Map<string, Promise<Awaited<ReturnType<typeof generate>>>>();
const baseline = (f: string) => {
  if (!baselines.has(f)) baselines.set(f, generate(f));
  return baselines.get(f)!;
};

describe('--disable-component', () => {
  it.each(Object.entries(CASES))(
    '%s',
    async (component, c) => {
      const before = await baseline(c.fixture);
      const after = await generate(c.fixture, [component as ComponentId]);
      // The component was really there to begin with …
      for (const s of c.gone) expect(haystack(before), `"${s}" before disabling ${component}`).toContain(s);
      for (const k of c.kinds ?? [])
        expect(
          before.objects.map((o) => o.kind),
          `${k} before`,
        ).toContain(k);
      // … and afterwards neither its objects nor any reference remain.
      for (const s of c.gone) expect(haystack(after), `"${s}" after disabling ${component}`).not.toContain(s);
      for (const k of c.kinds ?? [])
        expect(
          after.objects.map((o) => o.kind),
          `${k} after`,
        ).not.toContain(k);
      expect(after.failures).toEqual([]);
      expect(after.validation.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(after.plan.components.find((x) => x.id === component)!.enabled).toBe(false);
    },
    60_000,
  );
});
