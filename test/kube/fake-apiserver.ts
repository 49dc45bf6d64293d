// FakeApiServer: a test double standing in for a Kubernetes API server. It speaks just
// the endpoints KaptainKube uses — discovery, GET, server-side apply PATCH (with dryRun),
// list of pods and events — over HTTPS with a CA made at test time, and checks the
// bearer token. Deployments become Available after a few reads, unless told to crash.
// Like the API server's NamespaceLifecycle admission, it refuses (dry run included) a
// namespaced object whose Namespace does not exist yet: 404 `namespaces "x" not found`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface FakeOptions {
  /** group/version → kinds; v1 and apps/v1 etc. are always served. */
  crds?: Record<string, string[]>;
  token?: string;
  /** Objects whose apply conflicts with another manager. */
  conflicts?: Record<string, { field: string; manager: string }>;
  /** Deployments whose pods crash. */
  crashing?: string[];
  /** Namespaces that exist from the start, besides the ones every cluster has. */
  namespaces?: string[];
}

/** Namespaces a new cluster has. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The namespace segment of an object path (not of a Namespace's own path). */
function namespaceOf(path: string): string | undefined {
  return /^\/apis?\/(?:[^/]+\/)?[^/]+\/namespaces\/([^/]+)\/[^/]+\/[^/]+$/.exec(path)?.[1];
}

export function makeCa(dir: string): { ca: string; cert: string; key: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=fake-ca',
  );
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '1',
    '-extfile',
    'ext.cnf',
  );
  return {
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    cert: readFileSync(join(dir, 'server.crt'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}

const CORE_GROUPS: Record<string, string[]> = {
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet'],
  'networking.k8s.io/v1': ['Ingress', 'NetworkPolicy'],
  'policy/v1': ['PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
};

export class FakeApiServer {
  readonly requests: { method: string; path: string; auth?: string }[] = [];
  readonly store = new Map<string, any>();
  readonly applied: string[] = [];
  readonly deleted: string[] = [];
  private server?: Server;
  private reads = new Map<string, number>();
  dir = mkdtempSync(join(tmpdir(), 'kk-fakeapi-'));
  ca = '';
  url = '';

  constructor(private readonly opts: FakeOptions = {}) {}

  async start(): Promise<string> {
    const tls = makeCa(this.dir);
    this.ca = tls.ca;
    this.server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://x');
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname + url.search,
          auth: req.headers.authorization,
        });
        const send = (status: number, obj: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
        if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`)
          return send(401, { kind: 'Status', message: 'Unauthorized' });
        this.route(req.method ?? 'GET', url, body, send);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  /** A kubeconfig for this server, with the CA and the token, or with skip-verify instead of the CA. */
  kubeconfig(opts: { token?: string; insecure?: boolean; ca?: string; namespace?: string } = {}): string {
    const file = join(this.dir, `kubeconfig-${Math.random().toString(16).slice(2)}`);
    const cluster = opts.insecure
      ? '    insecure-skip-tls-verify: true'
      : `    certificate-authority-data: ${Buffer.from(opts.ca ?? this.ca).toString('base64')}`;
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${this.url}`,
        cluster,
        'users:',
        '- name: tester',
        '  user:',
        `    token: ${opts.token ?? this.opts.token ?? 'none'}`,
        'contexts:',
        '- name: fake',
        '  context:',
        '    cluster: fake',
        '    user: tester',
        `    namespace: ${opts.namespace ?? 'default'}`,
        'current-context: fake',
        '',
      ].join('\n'),
    );
    return file;
  }

  private served(): Record<string, string[]> {
    return { ...CORE_GROUPS, ...(this.opts.crds ?? {}) };
  }

  private route(method: string, url: URL, body: string, send: (s: number, o: unknown) => void): void {
    const p = url.pathname;
    if (p === '/version') return send(200, { gitVersion: 'v1.31.0' });
    if (p === '/api/v1')
      return send(200, {
        resources: [
          'Namespace',
          'Service',
          'ConfigMap',
          'Secret',
          'ServiceAccount',
          'Pod',
          'Event',
          'ResourceQuota',
          'LimitRange',
        ].map((k) => ({ name: `${k.toLowerCase()}s`, kind: k })),
      });
    if (p === '/apis')
      return send(200, {
        groups: Object.keys(this.served()).map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv }] })),
      });
    const gv = /^\/apis\/([^/]+\/[^/]+)$/.exec(p);
    if (gv)
      return this.served()[gv[1]]
        ? send(200, { resources: this.served()[gv[1]].map((k) => ({ name: `${k.toLowerCase()}s`, kind: k })) })
        : send(404, { message: 'not found' });
    if (/\/pods$/.test(p)) {
      const crashing = this.opts.crashing ?? [];
      return send(200, {
        items: crashing.map((n) => ({
          metadata: { name: `${n}-7d9f-abcde` },
          status: {
            containerStatuses: [
              {
                name: n,
                state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
                lastState: { terminated: { exitCode: 1, reason: 'Error' } },
              },
            ],
          },
        })),
      });
    }
    if (/\/events$/.test(p))
      return send(200, {
        items: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container' }],
      });
    if (method === 'DELETE') {
      const existed = this.store.delete(p);
      if (existed) this.deleted.push(p);
      return send(existed ? 200 : 404, { kind: 'Status', status: existed ? 'Success' : 'Failure' });
    }
    if (method === 'GET' && !this.store.has(p) && url.searchParams.has('labelSelector')) {
      const [key, value] = (url.searchParams.get('labelSelector') ?? '').split('=');
      const items = [...this.store.entries()]
        .filter(([k, o]) => k.startsWith(`${p}/`) && o.metadata?.labels?.[key] === value)
        .map(([, o]) => o);
      return send(200, { items });
    }
    if (method === 'GET') {
      const obj = this.store.get(p);
      if (!obj) return send(404, { kind: 'Status', message: 'not found' });
      if (obj.kind === 'Deployment') return send(200, this.deploymentStatus(p, obj));
      return send(200, obj);
    }
    if (method === 'PATCH') {
      const ns = namespaceOf(p);
      if (ns && !this.namespaceExists(ns)) {
        return send(404, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `namespaces "${ns}" not found`,
          reason: 'NotFound',
          details: { name: ns, kind: 'namespaces' },
          code: 404,
        });
      }
      const patch = parse(body);
      const name = `${patch.kind}/${patch.metadata.name}`;
      const conflict = this.opts.conflicts?.[name];
      if (conflict && url.searchParams.get('force') !== 'true') {
        return send(409, {
          kind: 'Status',
          reason: 'Conflict',
          message: 'Apply failed with 1 conflict',
          details: {
            causes: [
              {
                reason: 'FieldManagerConflict',
                message: `conflict with "${conflict.manager}" using apps/v1`,
                field: conflict.field,
              },
            ],
          },
        });
      }
      const merged = {
        ...(this.store.get(p) ?? {}),
        ...patch,
        metadata: {
          ...(this.store.get(p)?.metadata ?? {}),
          ...patch.metadata,
          managedFields: [{ manager: url.searchParams.get('fieldManager') }],
        },
      };
      if (url.searchParams.get('dryRun') !== 'All') {
        this.store.set(p, merged);
        this.applied.push(name);
      }
      return send(200, merged);
    }
    send(405, { message: 'method not allowed' });
  }

  namespaceExists(ns: string): boolean {
    return (
      BUILTIN_NAMESPACES.includes(ns) ||
      (this.opts.namespaces ?? []).includes(ns) ||
      this.store.has(`/api/v1/namespaces/${ns}`)
    );
  }

  private deploymentStatus(path: string, d: any) {
    const n = (this.reads.get(path) ?? 0) + 1;
    this.reads.set(path, n);
    const want = d.spec?.replicas ?? 1;
    const crashing = (this.opts.crashing ?? []).includes(d.metadata.name);
    const available = crashing ? 0 : Math.min(want, n - 1);
    return {
      ...d,
      metadata: { ...d.metadata, generation: 1 },
      status: {
        observedGeneration: 1,
        replicas: want,
        updatedReplicas: want,
        readyReplicas: available,
        availableReplicas: available,
        conditions: [{ type: 'Available', status: available >= want ? 'True' : 'False' }],
      },
    };
  }
}
