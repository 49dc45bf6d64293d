// A cluster target from a kubeconfig, like kubectl: KUBECONFIG (several paths),
// ~/.kube/config, --kubeconfig, --context, -n. Requests carry the kubeconfig's
// credentials and trust its CA; TLS verification is off only when the kubeconfig says so.
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigFiles } from './kubeconfig-files.js';

export interface KubeOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface KubeResponse<T = any> {
  status: number;
  body: T;
}

export class KubeTarget {
  constructor(
    readonly kc: KubeConfig,
    readonly server: string,
    readonly context: string,
    readonly namespace: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<KubeResponse<T>> {
    const url = new URL(path, this.server);
    const opts: RequestOptions = { method, headers: { accept: 'application/json', ...headers } };
    await this.kc.applyToHTTPSOptions(opts);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) (opts.headers as Record<string, string>)['content-type'] ??= 'application/json';
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { ...opts, timeout: 30_000 }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`request to ${url.host} timed out`)));
      req.on('error', (err) =>
        reject(
          new Error(
            `cannot reach the cluster at ${this.server}: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
          ),
        ),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

export type LoadResult = { target: KubeTarget } | { missing: true; reason: string };

export function loadKube(opts: KubeOptions = {}, env: NodeJS.ProcessEnv = process.env): LoadResult {
  const kc = new KubeConfig();
  const { paths, present } = kubeconfigFiles(opts, env);
  if (present.length === 0)
    return {
      missing: true,
      reason: `no kubeconfig at ${paths.join(', ')}; use --generate-only to write manifests without a cluster, or point --kubeconfig at one`,
    };
  try {
    if (present.length === 1) kc.loadFromFile(present[0]);
    else {
      // Several files merge like kubectl: the first to define a name wins.
      const merged = new KubeConfig();
      for (const p of [...present].reverse()) {
        const one = new KubeConfig();
        one.loadFromFile(p);
        merged.mergeConfig(one, true);
      }
      kc.loadFromString(merged.exportConfig());
    }
  } catch (err) {
    return { missing: true, reason: `cannot read kubeconfig ${present.join(', ')}: ${(err as Error).message}` };
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context))
      return {
        missing: true,
        reason: `context "${opts.context}" is not in the kubeconfig (have: ${kc
          .getContexts()
          .map((c) => c.name)
          .join(', ')})`,
      };
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { missing: true, reason: 'the kubeconfig has no current context; pass --context' };
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return {
    target: new KubeTarget(kc, cluster.server, kc.getCurrentContext(), opts.namespace ?? ctx?.namespace ?? 'default'),
  };
}
