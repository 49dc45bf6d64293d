// References the API server accepts that fail once the tree runs.
import { describe, expect, it } from 'vitest';
import { check, deployment, docs, goodContainer, namespace, service } from './trees.js';

const ns = namespace('shop');
const only = (rule: string) => [rule];

describe('KK-CHK-SCRAPE-PORT', () => {
  const grpcService = service('users', 'shop', '[{"name":"grpc","port":9090,"targetPort":9090,"appProtocol":"grpc"}]');
  const monitor = (port: string) => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: users
  namespace: shop
spec:
  selector: {"matchLabels":{"app":"users"}}
  endpoints: [{"port":"${port}","path":"/metrics"}]
`;
  const grpcDeployment = deployment('users', 'shop', {
    containers:
      '{"name":"users","image":"x:1","ports":[{"name":"grpc","containerPort":9090},{"name":"metrics","containerPort":9100}]}',
  });
  it('a ServiceMonitor on a gRPC port is an error at the ServiceMonitor', () => {
    const r = check(
      { '00-ns.yaml': ns, '01-app.yaml': docs(grpcDeployment, grpcService), '02-sm.yaml': monitor('grpc') },
      {},
      only('KK-CHK-SCRAPE-PORT'),
    );
    expect(r.at).toEqual(['02-sm.yaml:1 KK-CHK-SCRAPE-PORT']);
    expect(r.findings[0].message).toContain('speaks grpc, not HTTP');
  });
  it('a metrics port next to it passes', () => {
    const svc = service(
      'users',
      'shop',
      '[{"name":"grpc","port":9090,"targetPort":9090,"appProtocol":"grpc"},{"name":"metrics","port":9100,"targetPort":"metrics"}]',
    );
    expect(
      check(
        { '00-ns.yaml': ns, '01-app.yaml': docs(grpcDeployment, svc), '02-sm.yaml': monitor('metrics') },
        {},
        only('KK-CHK-SCRAPE-PORT'),
      ).findings,
    ).toEqual([]);
  });
});

describe('KK-CHK-ZERO-REPLICAS', () => {
  it('a Deployment at zero replicas that nothing scales is an error at its line', () => {
    const r = check(
      { '00-ns.yaml': ns, 'app.yaml': docs(service('web', 'shop'), deployment('web', 'shop', { replicas: 0 })) },
      {},
      only('KK-CHK-ZERO-REPLICAS'),
    );
    expect(r.at).toEqual(['app.yaml:11 KK-CHK-ZERO-REPLICAS']);
    expect(r.findings[0].message).toContain('runs no pods');
  });
  it('an HPA, a ScaledObject or a Rollout workloadRef that targets it clears it', () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: {"apiVersion":"apps/v1","kind":"Deployment","name":"web"}
  maxReplicas: 3
`;
    const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  namespace: shop
spec:
  workloadRef: {"apiVersion":"apps/v1","kind":"Deployment","name":"web"}
`;
    for (const scaler of [
      hpa,
      rollout,
      hpa.replace('autoscaling/v2', 'keda.sh/v1alpha1').replace('HorizontalPodAutoscaler', 'ScaledObject'),
    ]) {
      expect(
        check(
          { '00-ns.yaml': ns, 'app.yaml': docs(deployment('web', 'shop', { replicas: 0 }), scaler) },
          {},
          only('KK-CHK-ZERO-REPLICAS'),
        ).findings,
      ).toEqual([]);
    }
  });
});

describe('KK-CHK-SERVICE-PORT', () => {
  it('a targetPort name no selected container declares is an error; an undeclared number a warning', () => {
    const svc = service(
      'web',
      'shop',
      '[{"name":"http","port":80,"targetPort":"web"},{"name":"admin","port":81,"targetPort":9999}]',
    );
    const r = check(
      { '00-ns.yaml': ns, 'app.yaml': docs(deployment('web', 'shop'), svc) },
      {},
      only('KK-CHK-SERVICE-PORT'),
    );
    expect(r.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`)).toEqual([
      'app.yaml:16 error targetPort web is a name no selected container declares: the Service gets no endpoints on port 80',
      'app.yaml:16 warning targetPort 9999/TCP is declared by no selected container; traffic reaches it only if the process listens there',
    ]);
    expect(
      check(
        { '00-ns.yaml': ns, 'app.yaml': docs(deployment('web', 'shop'), service('web', 'shop')) },
        {},
        only('KK-CHK-SERVICE-PORT'),
      ).findings,
    ).toEqual([]);
  });
});

describe('KK-CHK-INGRESS-DUP', () => {
  const ingress = (name: string, path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
spec:
  ingressClassName: nginx
  rules: [{"host":"shop.example.com","http":{"paths":[{"path":"${path}","pathType":"Prefix","backend":{"service":{"name":"web","port":{"name":"http"}}}}]}}]
`;
  it('the same host and path in two Ingresses is an error at the second, naming the first', () => {
    const r = check(
      {
        '00-ns.yaml': ns,
        'a.yaml': ingress('main', '/api'),
        'b.yaml': docs(ingress('other', '/shop'), ingress('copy', '/api')),
      },
      {},
      only('KK-CHK-INGRESS-DUP'),
    );
    expect(r.at).toEqual(['b.yaml:10 KK-CHK-INGRESS-DUP']);
    expect(r.findings[0].message).toMatch(
      /host shop\.example\.com path \/api is also routed by Ingress\/main \(.*a\.yaml:1\)/,
    );
  });
});

describe('KK-CHK-BAKED-ENV', () => {
  const db = `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: blog-db
  namespace: shop
spec:
  teamId: blog
  users: {"app":[]}
  databases: {"blog":"app"}
`;
  const imageEnv = [{ name: 'DATABASE_URL', value: 'postgres://blog@blog-db:5432/blog', source: 'Dockerfile:7' }];
  it('a database URL the image bakes in, pointing at the database the tree replaces, not overridden: error naming the user mismatch', () => {
    const r = check(
      { '00-ns.yaml': ns, 'app.yaml': deployment('web', 'shop'), 'db.yaml': db },
      { imageEnv },
      only('KK-CHK-BAKED-ENV'),
    );
    expect(r.at).toEqual(['app.yaml:1 KK-CHK-BAKED-ENV']);
    expect(r.findings[0].message).toBe(
      'the image sets DATABASE_URL (Dockerfile:7) to a URL for blog-db, which the tree replaces with postgresql/blog-db, and Deployment/web does not override it; it logs in as blog, the operator creates app',
    );
  });
  it('overriding the variable in the Deployment clears it', () => {
    const overriding = deployment('web', 'shop', {
      containers: goodContainer(
        'web',
        8080,
        ',"env":[{"name":"DATABASE_URL","valueFrom":{"secretKeyRef":{"name":"db-url","key":"url"}}}]',
      ),
    });
    expect(
      check({ '00-ns.yaml': ns, 'app.yaml': overriding, 'db.yaml': db }, { imageEnv }, only('KK-CHK-BAKED-ENV'))
        .findings,
    ).toEqual([]);
  });
});
