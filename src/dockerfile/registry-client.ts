// Reads an image's configuration from its registry with the OCI Distribution API:
// manifest (or index → platform manifest) → config blob, with the anonymous bearer
// token flow Docker Hub, GHCR and most registries use. Never guesses: any failure is
// an error naming the registry and what went wrong.
interface ImageRef {
  registry: string;
  repository: string;
  reference: string;
}

export interface ImageConfig {
  image: string;
  digest?: string;
  platform: string;
  exposedPorts: string[];
  user?: string;
  env: { name: string; value: string }[];
  entrypoint?: string[];
  cmd?: string[];
  workdir?: string;
  labels: Record<string, string>;
  layers: number;
  sizeBytes: number;
  created?: string;
}

export class RegistryError extends Error {}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function parseImageRef(image: string): ImageRef {
  let rest = image;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const first = rest.split('/')[0];
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'registry-1.docker.io';
  let repository = hasRegistry ? rest.slice(first.length + 1) : rest;
  if (!hasRegistry && !repository.includes('/')) repository = `library/${repository}`;
  return { registry: registry === 'docker.io' ? 'registry-1.docker.io' : registry, repository, reference };
}

const SECRET_ENV = /(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;

export interface InspectOptions {
  platform?: string;
  timeoutMs?: number;
  /** Plain HTTP: only for loopback registries (tests, local mirrors) or when asked. */
  insecure?: boolean;
  fetch?: typeof fetch;
}

export async function inspectImage(image: string, opts: InspectOptions = {}): Promise<ImageConfig> {
  const ref = parseImageRef(image);
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(ref.registry);
  const scheme = opts.insecure || loopback ? 'http' : 'https';
  const base = `${scheme}://${ref.registry}/v2/${ref.repository}`;
  const doFetch = opts.fetch ?? fetch;
  const timeout = opts.timeoutMs ?? 5000;
  const platform = opts.platform ?? 'linux/amd64';
  let token: string | undefined;

  async function get(url: string, accept: string): Promise<Response> {
    const call = (auth?: string) =>
      doFetch(url, {
        headers: { accept, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        signal: AbortSignal.timeout(timeout),
      }).catch((err: Error) => {
        const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
        throw new RegistryError(
          `could not reach the registry ${ref.registry}: ${cause?.code ?? cause?.message ?? err.message}`,
        );
      });
    let res = await call(token);
    if (res.status === 401 && !token) {
      token = await fetchToken(res.headers.get('www-authenticate'), ref, doFetch, timeout);
      res = await call(token);
    }
    if (!res.ok)
      throw new RegistryError(
        `${ref.registry} answered ${res.status} for ${url.replace(/^https?:\/\/[^/]+/, '')}${res.status === 404 ? ': no such image or tag' : res.status === 401 ? ': the image is private (credentials are not supported here)' : ''}`,
      );
    return res;
  }

  let res = await get(`${base}/manifests/${ref.reference}`, ACCEPT);
  let digest = res.headers.get('docker-content-digest') ?? undefined;
  let manifest = (await res.json()) as {
    mediaType?: string;
    manifests?: { digest: string; platform?: { os: string; architecture: string; variant?: string } }[];
    config?: { digest: string };
    layers?: { size: number }[];
  };
  if (manifest.manifests) {
    const [os, arch] = platform.split('/');
    const pick = manifest.manifests.find((m) => m.platform?.os === os && m.platform?.architecture === arch);
    if (!pick)
      throw new RegistryError(
        `${image} has no ${platform} image (it has ${manifest.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ')})`,
      );
    res = await get(`${base}/manifests/${pick.digest}`, ACCEPT);
    digest = pick.digest;
    manifest = (await res.json()) as typeof manifest;
  }
  if (!manifest.config)
    throw new RegistryError(`${image}: the manifest has no config (media type ${manifest.mediaType ?? 'unknown'})`);
  const cfgRes = await get(`${base}/blobs/${manifest.config.digest}`, 'application/json, */*');
  const cfg = (await cfgRes.json()) as {
    created?: string;
    architecture?: string;
    os?: string;
    config?: {
      ExposedPorts?: Record<string, unknown>;
      User?: string;
      Env?: string[];
      Entrypoint?: string[];
      Cmd?: string[];
      WorkingDir?: string;
      Labels?: Record<string, string>;
    };
  };
  const c = cfg.config ?? {};
  return {
    image,
    digest,
    platform: `${cfg.os ?? 'linux'}/${cfg.architecture ?? 'amd64'}`,
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    user: c.User || undefined,
    env: (c.Env ?? []).map((e) => {
      const [name, ...v] = e.split('=');
      return { name, value: SECRET_ENV.test(name) ? '[redacted]' : v.join('=') };
    }),
    entrypoint: c.Entrypoint ?? undefined,
    cmd: c.Cmd ?? undefined,
    workdir: c.WorkingDir || undefined,
    labels: c.Labels ?? {},
    layers: manifest.layers?.length ?? 0,
    sizeBytes: (manifest.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0),
    created: cfg.created,
  };
}

async function fetchToken(
  header: string | null,
  ref: ImageRef,
  doFetch: typeof fetch,
  timeout: number,
): Promise<string> {
  const m = header && /^Bearer\s+(.*)$/i.exec(header);
  if (!m)
    throw new RegistryError(
      `${ref.registry} requires authentication this client does not support (${header ?? 'no WWW-Authenticate header'})`,
    );
  const params = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
  if (!params.realm) throw new RegistryError(`${ref.registry} sent a bearer challenge without a realm`);
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', params.scope ?? `repository:${ref.repository}:pull`);
  const res = await doFetch(url, { signal: AbortSignal.timeout(timeout) }).catch((err: Error) => {
    throw new RegistryError(`could not reach the token service ${url.host}: ${err.message}`);
  });
  if (!res.ok) throw new RegistryError(`the token service ${url.host} answered ${res.status}`);
  const body = (await res.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new RegistryError(`the token service ${url.host} returned no token`);
  return token;
}
