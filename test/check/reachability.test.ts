// Reachability: the flows a tree implies, each judged by its NetworkPolicies with
// Kubernetes' semantics; denied implied flows are errors, wide-open rules are flagged.
import { describe, expect, it } from 'vitest';
import { formatMatrix } from '../../src/manifests/check/index.js';
import { check, deployment, docs, goodContainer, namespace, policy, service } from './trees.js';

const REACH = ['KK-CHK-REACH', 'KK-CHK-NETPOL-OPEN', 'KK-CHK-NETPOL-UNLISTED'];
const redisContainer = '{"name":"redis","image":"redis:7","ports":[{"name":"redis","containerPort":6379}]}';
const apiContainer = goodContainer('api', 8080, ',"env":[{"name":"REDIS_URL","value":"redis://redis:6379/0"}]');
const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
spec:
  ingressClassName: nginx
  rules: [{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"api","port":{"name":"http"}}}}]}}]
`;
const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
  namespace: shop
spec:
  selector: {"matchLabels":{"app":"api"}}
  endpoints: [{"port":"http","path":"/metrics"}]
`;
const api = { matchLabels: { app: 'api' } };
const redis = { matchLabels: { app: 'redis' } };
const basePolicies = [
  policy('default-deny', 'shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  policy('dns', 'shop', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ],
  }),
  policy('api-in', 'shop', {
    podSelector: api,
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 'http' }],
      },
    ],
  }),
  policy('redis-in', 'shop', {
    podSelector: redis,
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: api }], ports: [{ port: 6379 }] }],
  }),
];
const apiToRedis = policy('api-to-redis', 'shop', {
  podSelector: api,
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: redis }], ports: [{ port: 'redis' }] }],
});

const tree = (policies: string[]) => ({
  '00-namespace.yaml': namespace('shop'),
  '01-api.yaml': docs(deployment('api', 'shop', { containers: apiContainer }), service('api', 'shop')),
  '02-redis.yaml': docs(
    deployment('redis', 'shop', { containers: redisContainer }),
    service('redis', 'shop', '[{"port":6379,"targetPort":"redis"}]'),
  ),
  '03-ingress.yaml': ingress,
  '04-monitor.yaml': monitor,
  '05-policies.yaml': docs(...policies),
});

describe('KK-CHK-REACH', () => {
  it("a blocked dependency: default-deny egress without an allow to Redis is an error at the app's file and line", () => {
    const r = check(tree(basePolicies), {}, REACH);
    expect(r.at).toEqual(['01-api.yaml:1 KK-CHK-REACH']);
    expect(r.findings[0].message).toMatch(
      /^dependency flow Deployment\/api \(shop\) → Deployment\/redis \(shop\) TCP\/6379 \(redis\) \(env REDIS_URL of Deployment\/api\) is denied: egress of Deployment\/api is isolated by NetworkPolicy\/default-deny, NetworkPolicy\/dns and no rule allows it/,
    );
  });

  it('with the allow, every implied flow passes and the unlisted probes are denied', () => {
    const r = check(tree([...basePolicies, apiToRedis]), {}, REACH);
    expect(r.findings).toEqual([]);
    // The whole tree is good by every rule, not only these.
    expect(check(tree([...basePolicies, apiToRedis])).findings).toEqual([]);
    expect(r.matrix.map((m) => `${m.verdict} ${m.kind} ${m.from} → ${m.to} ${m.port}`)).toEqual([
      'allowed ingress NGINX ingress controller (ingress-nginx) → Deployment/api (shop) TCP/8080 (http)',
      'allowed dependency Deployment/api (shop) → Deployment/redis (shop) TCP/6379 (redis)',
      'allowed dns Deployment/api (shop) → kube-dns (kube-system) UDP/53',
      'allowed dns Deployment/api (shop) → kube-dns (kube-system) TCP/53',
      'allowed dns Deployment/redis (shop) → kube-dns (kube-system) UDP/53',
      'allowed dns Deployment/redis (shop) → kube-dns (kube-system) TCP/53',
      'allowed metrics Prometheus (monitoring) → Deployment/api (shop) TCP/8080 (http)',
      'denied unlisted Deployment/api (shop) → an address outside the cluster (203.0.113.10) TCP/443',
      'denied unlisted a pod in another namespace → Deployment/api (shop) TCP/8080',
      'denied unlisted Deployment/redis (shop) → an address outside the cluster (203.0.113.10) TCP/443',
      'denied unlisted a pod in another namespace → Deployment/redis (shop) TCP/6379',
    ]);
  });

  it('dependencies the caller passes in (e.g. from the Dockerfile analysis) are flows too', () => {
    const r = check(
      tree([...basePolicies, apiToRedis]),
      { dependencies: [{ name: 'rabbitmq', host: 'rabbitmq.queues.svc', port: 5672 }] },
      REACH,
    );
    expect(r.at).toEqual(['01-api.yaml:1 KK-CHK-REACH', '02-redis.yaml:1 KK-CHK-REACH']);
    expect(r.findings[0].message).toContain(
      'Deployment/api (shop) → rabbitmq.queues.svc (not in the tree) TCP/5672 (dependency rabbitmq) is denied',
    );
    // Facts about the app image apply to the workload that runs it when the caller names it.
    expect(
      check(
        tree([...basePolicies, apiToRedis]),
        { app: 'api', dependencies: [{ name: 'rabbitmq', host: 'rabbitmq.queues.svc', port: 5672 }] },
        REACH,
      ).at,
    ).toEqual(['01-api.yaml:1 KK-CHK-REACH']);
  });

  it('the ingress side counts: an allow-listed egress still needs the destination to admit it', () => {
    const noRedisIn = basePolicies.filter((p) => !p.includes('redis-in'));
    const closed = policy('redis-closed', 'shop', {
      podSelector: redis,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'other' } } }] }],
    });
    const r = check(tree([...noRedisIn, closed, apiToRedis]), {}, ['KK-CHK-REACH']);
    expect(r.findings[0].message).toContain(
      'ingress of Deployment/redis is isolated by NetworkPolicy/default-deny, NetworkPolicy/redis-closed',
    );
  });

  it('namespaceSelector and podSelector in one peer are AND, in two peers OR; endPort ranges; policyTypes default', async () => {
    const { evaluate, policies } = await import('../../src/manifests/check/netpol.js');
    const { manifestSet } = await import('../../src/manifests/readiness/manifest-set.js');
    const mk = (spec: object) =>
      policies(
        manifestSet([
          {
            obj: {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'NetworkPolicy',
              metadata: { name: 'p', namespace: 'a' },
              spec,
            } as never,
          },
        ]),
      );
    const me = {
      name: 'me',
      namespace: 'a',
      nsLabels: { 'kubernetes.io/metadata.name': 'a' },
      labels: { app: 'me' },
      ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
      inTree: true,
    };
    const fromB = {
      name: 'b',
      namespace: 'b',
      nsLabels: { 'kubernetes.io/metadata.name': 'b', team: 'x' },
      labels: { role: 'client' },
      ports: [],
      inTree: false,
    };
    const and = mk({
      podSelector: {},
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { role: 'server' } } },
          ],
        },
      ],
    });
    expect(evaluate(and, fromB, me, 8080, 'TCP').allowed).toBe(false);
    const or = mk({
      podSelector: {},
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: 'x' } } },
            { podSelector: { matchLabels: { role: 'server' } } },
          ],
        },
      ],
    });
    expect(evaluate(or, fromB, me, 8080, 'TCP').allowed).toBe(true);
    const range = mk({ podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] });
    expect(evaluate(range, fromB, me, 'web', 'TCP').allowed).toBe(true);
    expect(evaluate(range, fromB, me, 9000, 'TCP').allowed).toBe(false);
    // No policyTypes and only ingress rules: egress stays open.
    expect(evaluate(mk({ podSelector: {}, ingress: [] }), me, fromB, 443, 'TCP').allowed).toBe(true);
    const expr = mk({
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['me'] }] },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.10/32'] } }] }],
    });
    const ext = (ip: string) => ({ name: ip, ports: [], ip, external: true, inTree: false });
    expect(evaluate(expr, me, ext('203.0.113.9'), 443, 'TCP').allowed).toBe(true);
    expect(evaluate(expr, me, ext('203.0.113.10'), 443, 'TCP').allowed).toBe(false);
  });
});

describe('KK-CHK-NETPOL-OPEN and unlisted flows', () => {
  it('an allow-all rule is an error; any namespace or every address is a warning', () => {
    const open = policy('open', 'shop', {
      podSelector: api,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{}],
      egress: [{ to: [{ namespaceSelector: {} }] }, { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    });
    const r = check(tree([...basePolicies, apiToRedis, open]), {}, ['KK-CHK-NETPOL-OPEN']);
    expect(r.findings.map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
      '36 error ingress rule 1 of NetworkPolicy/open has no from: it allows all traffic from anywhere',
      '36 warning egress rule 1 of NetworkPolicy/open allows any pod in any namespace',
      '36 warning egress rule 2 of NetworkPolicy/open allows every address (0.0.0.0/0)',
    ]);
    expect(r.findings[0].file).toBe('05-policies.yaml');
    // The open egress also lets the unlisted probe out.
    expect(check(tree([...basePolicies, apiToRedis, open]), {}, ['KK-CHK-NETPOL-UNLISTED']).at).toContain(
      '01-api.yaml:1 KK-CHK-NETPOL-UNLISTED',
    );
  });

  it('--explain prints the matrix: verdict, flow, parties, port and why the tree implies it', () => {
    const text = formatMatrix(check(tree(basePolicies)).matrix);
    expect(text.split('\n')[0]).toMatch(/^verdict\s+flow\s+from\s+to\s+port\s+because$/);
    expect(text).toMatch(
      /DENIED!\s+dependency\s+Deployment\/api \(shop\)\s+→\s+Deployment\/redis \(shop\)\s+TCP\/6379 \(redis\)\s+env REDIS_URL of Deployment\/api/,
    );
    expect(text).toMatch(
      /allowed\s+ingress\s+NGINX ingress controller \(ingress-nginx\)\s+→\s+Deployment\/api \(shop\)\s+TCP\/8080 \(http\)\s+Ingress\/api shop\.example\.com\//,
    );
  });
});
