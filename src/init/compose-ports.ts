// A Compose service's ports, expose and healthcheck → spec.ports and their health checks.
import { basename } from 'node:path';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { quoted, type ServiceMapping } from './compose-mapping.js';
import { containerPorts, healthUrl } from './compose-values.js';
import { draftObject, factsFields, protocolOf, setField } from './draft.js';

type ServicePort = { port: number; protocol: 'tcp' | 'udp'; source: string };

/** Ports and expose: the container side; host ports are a Docker-host concern. */
export function mapPorts(m: ServiceMapping, facts: DockerfileFacts | undefined): ServicePort[] {
  const { svc, d, at, fail } = m;
  const ports: ServicePort[] = [];
  for (const key of ['ports', 'expose'] as const) {
    ((svc[key] as unknown[] | undefined) ?? []).forEach((entry, i) => {
      const got = containerPorts(entry);
      if (typeof got === 'string') return fail(at(key, i), `${key}: ${got}`);
      for (const cp of got)
        if (!ports.some((x) => x.port === cp.port))
          ports.push({ port: cp.port, protocol: cp.protocol, source: `compose: ${key} ${quoted(cp.raw)}` });
    });
  }
  ports.forEach((cp, i) =>
    setField(d, ['spec', 'ports', i], { port: cp.port, protocol: protocolOf(cp.port, cp.protocol, facts) }, cp.source),
  );
  // A service that runs another command than the image's (a worker from the API's image)
  // does not serve what the Dockerfile EXPOSEs.
  const ownCommand = svc.command !== undefined || svc.entrypoint !== undefined;
  if (facts) factsFields(d, facts, { ports: ports.length === 0 && !ownCommand });
  if (facts && ports.length === 0 && ownCommand && facts.exposed.length > 0)
    d.notes.push(
      `no ports: the service overrides the image's command and lists no ports or expose, so EXPOSE ${facts.exposed.map((e) => e.port).join(', ')} is not taken`,
    );
  return ports;
}

/** The Compose healthcheck, else the image's own HEALTHCHECK, → the port's spec.ports[].healthCheck. */
export function mapHealthcheck(m: ServiceMapping, facts: DockerfileFacts | undefined, ports: ServicePort[]): void {
  const { svc, d, at, warn } = m;
  const hc = svc.healthcheck as { test?: unknown; disable?: unknown } | undefined;
  if (hc) {
    const url = healthUrl(hc.test);
    const list = (draftObject(d).spec as { ports?: { port: number }[] } | undefined)?.ports ?? [];
    if (hc.disable === true || hc.disable === 'true' || (Array.isArray(hc.test) && hc.test[0] === 'NONE'))
      d.notes.push('healthcheck disabled in compose: probes check the port only');
    else if (url && list.length > 0) {
      const i = Math.max(
        0,
        list.findIndex((x) => x.port === url.port),
      );
      setField(d, ['spec', 'ports', i, 'healthCheck'], url.path, `compose: healthcheck requests ${url.url}`);
    } else
      warn(
        at('healthcheck'),
        'healthcheck does not request an HTTP URL (or the service has no port): the probes check the port instead',
        true,
      );
  } else if (facts?.healthcheck?.path && !facts.healthcheck.none && ports.length > 0) {
    // No healthcheck in Compose: the image's own HEALTHCHECK still applies, as under Docker.
    const i = Math.max(
      0,
      ports.findIndex((x) => x.port === facts!.healthcheck!.port),
    );
    setField(
      d,
      ['spec', 'ports', i, 'healthCheck'],
      facts.healthcheck.path,
      `HEALTHCHECK (${basename(facts.file)}:${facts.healthcheck.source.line})`,
    );
  }
}
