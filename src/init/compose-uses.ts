// What a Compose service uses (depends_on, links, URL variables) → spec.database,
// spec.requirements for caches and brokers, and spec.connectsTo for other app services.
import type { ServiceMapping } from './compose-mapping.js';
import { dnsLabel, type InfraKind } from './compose-values.js';
import { setField } from './draft.js';

/** A database, cache or broker service: not an app of its own. */
export interface InfraService {
  kind: InfraKind;
  tag?: string;
  image: string;
}

const PHRASE: Record<InfraKind, (svc: string) => string> = {
  postgresql: (s) => `PostgreSQL database (compose service ${s})`,
  mysql: (s) => `MySQL database (compose service ${s})`,
  mongodb: (s) => `MongoDB database (compose service ${s})`,
  redis: (s) => `Redis cache (compose service ${s})`,
  rabbitmq: (s) => `RabbitMQ queue (compose service ${s})`,
  kafka: (s) => `Kafka events (compose service ${s})`,
  nats: (s) => `NATS messaging (compose service ${s})`,
  memcached: (s) => `Memcached cache (compose service ${s})`,
  elasticsearch: (s) => `Elasticsearch search index (compose service ${s})`,
};

/**
 * Maps the services this one uses (`deps`: name → how it was named, starting with the URL
 * variables) and adds each to `used`.
 */
export function mapUses(
  m: ServiceMapping,
  deps: Map<string, string>,
  infra: Map<string, InfraService>,
  used: Set<string>,
): void {
  const { p, svc, d, at, warn } = m;
  const dependsOn = Array.isArray(svc.depends_on)
    ? (svc.depends_on as string[])
    : Object.keys((svc.depends_on as object | undefined) ?? {});
  for (const n of dependsOn) if (!deps.has(n)) deps.set(n, 'depends_on');
  for (const l of (svc.links as string[] | undefined) ?? [])
    if (!deps.has(l.split(':')[0])) deps.set(l.split(':')[0], 'links');
  const requirements: { text: string; source: string }[] = [];
  const calls: { name: string; source: string }[] = [];
  let database = false;
  for (const [dn, via] of deps) {
    const inf = infra.get(dn);
    if (!p.services[dn]) {
      warn(
        at(via === 'links' ? 'links' : via === 'depends_on' ? 'depends_on' : 'environment'),
        `${dn} is not an active service of this application (left out by its profiles?)`,
      );
      continue;
    }
    used.add(dn);
    if (inf && (inf.kind === 'postgresql' || inf.kind === 'mysql') && !database) {
      // The Compose service wins over what the Dockerfile's client libraries suggested.
      database = true;
      const major = inf.kind === 'postgresql' ? /^\d+/.exec(inf.tag ?? '')?.[0] : undefined;
      setField(
        d,
        ['spec', 'database'],
        major ? { type: inf.kind, version: major } : { type: inf.kind },
        `compose: ${via} names service ${dn} (image ${inf.image}); the database operator runs it`,
      );
      const volumes = ((p.services[dn].volumes as unknown[] | undefined) ?? []).filter(
        (v) => typeof v === 'object' || !/^[./~]/.test(String(v)),
      );
      d.notes.push(
        `database ${dn}: the operator creates its credentials and its storage${volumes.length > 0 ? " (the named volume becomes the operator's PersistentVolumeClaim, spec.database.size)" : ''}; the compose service's own environment is not used`,
      );
    } else if (inf)
      requirements.push({
        text: PHRASE[inf.kind](dn),
        source: `compose: ${via} names service ${dn} (image ${inf.image})`,
      });
    else calls.push({ name: dnsLabel(dn), source: `compose: ${via} names service ${dn}` });
  }
  requirements.forEach((r, i) => setField(d, ['spec', 'requirements', i], r.text, r.source));
  // The flows between app services: deployed together, each accepts traffic only from those that list it.
  calls.forEach((c, i) => setField(d, ['spec', 'connectsTo', i], c.name, c.source));
}
