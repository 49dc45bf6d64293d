// Small readers for Compose values that are strings with their own syntax: port
// mappings, CPU counts, memory sizes, health-check commands and image names. Pure.

export interface ContainerPort {
  port: number;
  protocol: 'tcp' | 'udp';
  /** The entry as written, for comments ("8080:80", "9000/udp"). */
  raw: string;
}

/** One `ports` or `expose` entry → container ports; a string is an error message. */
export function containerPorts(entry: unknown): ContainerPort[] | string {
  if (entry && typeof entry === 'object') {
    const o = entry as { target?: unknown; published?: unknown; protocol?: unknown };
    const raw = `target: ${String(o.target)}${o.published !== undefined ? `, published: ${String(o.published)}` : ''}`;
    const n = Number(o.target);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return `port ${String(o.target)} is out of range (1-65535)`;
    return [{ port: n, protocol: String(o.protocol ?? 'tcp').toLowerCase() === 'udp' ? 'udp' : 'tcp', raw }];
  }
  const raw = String(entry);
  const [spec, proto = 'tcp'] = raw.split('/');
  if (!/^(tcp|udp|sctp)$/i.test(proto)) return `"${raw}": protocol must be tcp or udp`;
  // [HOST_IP:][HOST[-RANGE]:]CONTAINER[-RANGE]; an IPv6 host address is in brackets.
  const withoutIp = spec.replace(/^\[[^\]]*\]:/, '');
  const parts = withoutIp.split(':');
  const container = parts[parts.length - 1];
  const m = /^(\d+)(?:-(\d+))?$/.exec(container);
  if (!m) return `"${raw}": the container port must be a number or a range such as 8000-8010`;
  for (const host of parts.slice(0, -1)) {
    const h = /^(\d+)(?:-(\d+))?$/.exec(host);
    if (h && [h[1], h[2]].some((x) => x !== undefined && (Number(x) < 1 || Number(x) > 65535)))
      return `"${raw}": host port ${host} is out of range (1-65535)`;
  }
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || from > 65535)
    return `"${raw}": port ${from > 65535 || from < 1 ? from : to} is out of range (1-65535)`;
  if (to < from) return `"${raw}": the range ends before it starts`;
  if (to - from >= 64) return `"${raw}": a range of ${to - from + 1} ports; list the ones the service serves`;
  const out: ContainerPort[] = [];
  for (let p = from; p <= to; p++) out.push({ port: p, protocol: proto.toLowerCase() === 'udp' ? 'udp' : 'tcp', raw });
  return out;
}

/** Compose CPU count ("0.5", 2) → Kubernetes quantity ("500m", "2"). */
export function cpuQuantity(v: unknown): string | undefined {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Number.isInteger(n) ? String(n) : `${Math.round(n * 1000)}m`;
}

/** Compose memory ("512m", "1g", "1.5GB", 268435456) → Kubernetes quantity ("512Mi", "1Gi"). */
export function memoryQuantity(v: unknown): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i.exec(String(v).trim());
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const bytes = Number(m[1]) * 1024 ** ['b', 'k', 'm', 'g', 't'].indexOf(unit || 'b');
  if (!(bytes > 0)) return undefined;
  const mi = bytes / 1024 ** 2;
  if (mi >= 1024 && Number.isInteger(mi / 1024)) return `${mi / 1024}Gi`;
  return mi >= 1 ? `${Math.ceil(mi)}Mi` : `${Math.ceil(bytes / 1024)}Ki`;
}

/** The HTTP path and port a health-check command requests, when it requests a URL. */
export function healthUrl(test: unknown): { path: string; port?: number; url: string } | undefined {
  const parts = Array.isArray(test) ? test.map(String) : typeof test === 'string' ? [test] : [];
  const command = (parts[0] === 'CMD' || parts[0] === 'CMD-SHELL' ? parts.slice(1) : parts).join(' ');
  const url = /https?:\/\/[^\s'"\])]+/.exec(command)?.[0];
  if (!url) return undefined;
  try {
    const u = new URL(url);
    // Only the URL is kept for comments, without any user:password part.
    return {
      path: u.pathname || '/',
      port: u.port ? Number(u.port) : undefined,
      url: `${u.protocol}//${u.host}${u.pathname}`,
    };
  } catch {
    return undefined;
  }
}

export type InfraKind =
  'postgresql' | 'mysql' | 'mongodb' | 'redis' | 'rabbitmq' | 'kafka' | 'nats' | 'memcached' | 'elasticsearch';

/** Images that are backing services, not apps: the last path segment of the repository name. */
const INFRA: [RegExp, InfraKind][] = [
  [/^(postgres|postgresql|postgis|timescaledb(-ha)?)$/, 'postgresql'],
  [/^(mysql|mariadb|percona(-server)?)$/, 'mysql'],
  [/^(mongo|mongodb(-community-server)?)$/, 'mongodb'],
  [/^(redis|redis-stack(-server)?|valkey|keydb|dragonfly)$/, 'redis'],
  [/^rabbitmq$/, 'rabbitmq'],
  [/^(kafka|cp-kafka|redpanda)$/, 'kafka'],
  [/^nats$/, 'nats'],
  [/^memcached$/, 'memcached'],
  [/^(elasticsearch|opensearch)$/, 'elasticsearch'],
];

/** "docker.io/library/postgres:16-alpine" → { kind: postgresql, tag: "16-alpine" }. */
export function infraOfImage(image: string): { kind: InfraKind; tag?: string } | undefined {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  const repo = (colon > slash ? noDigest.slice(0, colon) : noDigest).split('/').pop()!.toLowerCase();
  const hit = INFRA.find(([re]) => re.test(repo));
  return hit ? { kind: hit[1], tag } : undefined;
}

/** A service name as a DNS-1123 label: lower case, "_" and "." become "-". */
export function dnsLabel(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s || 'app';
}

/** Hosts named in URL-like values: "postgres://app@db:5432/x" → ["db"], "http://api:8080" → ["api"]. */
export function urlHosts(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@]*@)?([A-Za-z0-9_.-]+)/gi)) out.push(m[1]);
  // host:port without a scheme (REDIS_HOST=cache:6379, KAFKA_BROKERS=kafka:9092,kafka2:9092).
  if (out.length === 0)
    for (const m of value.matchAll(/(?:^|,)([A-Za-z][A-Za-z0-9_.-]*):\d{2,5}(?=$|,)/g)) out.push(m[1]);
  return out;
}
