// A Compose application → one draft AppDeployment per app service. Databases, caches
// and brokers are not apps: they become the `database` or a requirement of the services
// that use them. docs/compose.md lists every mapping; keep the two in step.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { ConfigIssue } from '../app-config/loader.js';
import type { YamlPath } from '../app-config/positions.js';
import { analyzeDockerfile } from '../dockerfile/analyze.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { InputError } from '../errors.js';
import { isSecretName, looksLikeSecretValue } from '../secrets/patterns.js';
import type { ComposeProject, Service } from './compose-read.js';
import { listOrDict } from './compose-extends.js';
import {
  containerPorts,
  cpuQuantity,
  dnsLabel,
  healthUrl,
  infraOfImage,
  memoryQuantity,
  urlHosts,
  type InfraKind,
} from './compose-values.js';
import { draftObject, factsFields, getField, newDraft, protocolOf, setField, type Draft } from './draft.js';

export interface MapResult {
  drafts: Draft[];
  warnings: ConfigIssue[];
  issues: ConfigIssue[];
}

/** Keys read by the mapping; any other service key is reported as not carried. */
const MAPPED = new Set([
  'build',
  'image',
  'ports',
  'expose',
  'healthcheck',
  'environment',
  'env_file',
  'secrets',
  'configs',
  'user',
  'command',
  'entrypoint',
  'volumes',
  'deploy',
  'scale',
  'restart',
  'depends_on',
  'links',
  'profiles',
  'extends',
]);

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

const rel = (dir: string, abs: string) => {
  const r = relative(dir, abs);
  return r === '' ? '.' : `./${r}`;
};
const quoted = (v: unknown) => JSON.stringify(v);

export async function mapCompose(p: ComposeProject): Promise<MapResult> {
  const warnings: ConfigIssue[] = [...p.warnings];
  const issues: ConfigIssue[] = [];
  const warn = (path: YamlPath, message: string, key = false) =>
    warnings.push({ file: p.file, ...p.at(path, key), message });
  const fail = (path: YamlPath, message: string) => issues.push({ file: p.file, ...p.at(path), message });
  for (const s of p.skipped)
    warn(
      ['services', s.name, 'profiles'],
      `service ${s.name} is left out: none of its profiles (${s.profiles.join(', ')}) is active; pass --profile to include it`,
    );

  const infra = new Map<string, { kind: InfraKind; tag?: string; image: string }>();
  for (const [name, svc] of Object.entries(p.services)) {
    const hit = svc.build === undefined && typeof svc.image === 'string' ? infraOfImage(svc.image) : undefined;
    if (hit) infra.set(name, { ...hit, image: svc.image as string });
  }
  const apps = Object.keys(p.services).filter((n) => !infra.has(n));
  const used = new Set<string>();
  const namespace = dnsLabel(p.name);
  const drafts: Draft[] = [];

  for (const name of apps) {
    const svc = p.services[name];
    const at = (...path: (string | number)[]): YamlPath => ['services', name, ...path];
    const d = newDraft(name, { value: dnsLabel(name), source: `compose: services.${name}` });
    setField(d, ['metadata', 'namespace'], namespace, p.nameSource);
    for (const key of Object.keys(svc))
      if (!MAPPED.has(key) && !key.startsWith('x-'))
        warn(at(key), `${key} is not carried into the AppDeployment (no field for it); see docs/compose.md`, true);

    // build and image
    let facts: DockerfileFacts | undefined;
    if (svc.build !== undefined) {
      const b = (typeof svc.build === 'string' ? { context: svc.build } : svc.build) as {
        context?: string;
        dockerfile?: string;
        target?: string;
        args?: unknown;
        dockerfile_inline?: string;
      };
      const context = b.context ?? '.';
      const ctxAbs = resolve(p.dir, context);
      const where =
        typeof svc.build === 'string' ? at('build') : at('build', b.context !== undefined ? 'context' : 'dockerfile');
      const inside = !relative(p.dir, ctxAbs).startsWith('..') && !isAbsolute(relative(p.dir, ctxAbs));
      if (/^[a-z]+:\/\/|^git@/i.test(context))
        warn(
          where,
          `build context ${context} is a remote source; init reads only local contexts — set spec.dockerfile by hand`,
        );
      else if (!existsSync(ctxAbs) || !statSync(ctxAbs).isDirectory())
        fail(where, `build context "${context}" does not exist or is not a directory (looked for ${ctxAbs})`);
      else if (!inside)
        fail(
          where,
          `build context "${context}" is outside the Compose file's directory; configs are written beside the Compose file and may only name paths below it`,
        );
      else if (b.dockerfile_inline !== undefined)
        warn(
          at('build', 'dockerfile_inline'),
          'build.dockerfile_inline is not read; put the Dockerfile in the context and name it in build.dockerfile',
          true,
        );
      else {
        const dfAbs = resolve(ctxAbs, b.dockerfile ?? 'Dockerfile');
        if (!existsSync(dfAbs))
          fail(
            b.dockerfile ? at('build', 'dockerfile') : where,
            `Dockerfile "${b.dockerfile ?? 'Dockerfile'}" not found in build context "${context}" (looked for ${dfAbs})`,
          );
        else {
          setField(
            d,
            ['spec', 'dockerfile'],
            rel(p.dir, dfAbs),
            `compose: build${b.dockerfile ? `.dockerfile "${b.dockerfile}"` : ` "${context}"`}`,
          );
          if (rel(p.dir, ctxAbs) !== '.')
            setField(d, ['spec', 'buildContext'], rel(p.dir, ctxAbs), `compose: build context "${context}"`);
          try {
            facts = await analyzeDockerfile({ dockerfilePath: rel(process.cwd(), dfAbs), contextDir: ctxAbs });
          } catch (err) {
            if (err instanceof InputError) issues.push({ file: p.file, ...p.at(where), message: `${err.message}` });
            else throw err;
          }
          if (facts && b.target !== undefined) {
            if (facts.finalStage.name === b.target)
              d.notes.push(`build.target ${b.target} is the Dockerfile's final stage, which deploy analyses`);
            else
              warn(
                at('build', 'target'),
                `build.target "${b.target}" is not the Dockerfile's final stage (${facts.finalStage.name ?? `stage ${facts.finalStage.index}`}); deploy analyses the final stage — build the image for "${b.target}" and set spec.image`,
              );
          }
          if (b.args !== undefined)
            warn(at('build', 'args'), 'build.args are not carried: pass them to the image build in CI', true);
        }
      }
    }
    if (typeof svc.image === 'string' && svc.image)
      setField(d, ['spec', 'image'], svc.image, `compose: image ${quoted(svc.image)}`);
    else if (svc.build === undefined) fail(at(), `service ${name} has neither image nor build`);

    // ports and expose: the container side; host ports are a Docker-host concern.
    const ports: { port: number; protocol: 'tcp' | 'udp'; source: string }[] = [];
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
      setField(
        d,
        ['spec', 'ports', i],
        { port: cp.port, protocol: protocolOf(cp.port, cp.protocol, facts) },
        cp.source,
      ),
    );
    // A service that runs another command than the image's (a worker from the API's image)
    // does not serve what the Dockerfile EXPOSEs.
    const ownCommand = svc.command !== undefined || svc.entrypoint !== undefined;
    if (facts) factsFields(d, facts, { ports: ports.length === 0 && !ownCommand });
    if (facts && ports.length === 0 && ownCommand && facts.exposed.length > 0)
      d.notes.push(
        `no ports: the service overrides the image's command and lists no ports or expose, so EXPOSE ${facts.exposed.map((e) => e.port).join(', ')} is not taken`,
      );

    // healthcheck
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

    // environment and env_file: names only ever reach the config or its comments.
    const env: Record<string, string | null> = {};
    const envFiles = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
    envFiles.forEach((e: string | { path: string; required?: unknown }, i) => {
      const file = typeof e === 'string' ? e : e.path;
      const required = typeof e === 'string' || (e.required !== false && e.required !== 'false');
      let text: string | undefined;
      try {
        text = readFileSync(resolve(p.dir, file), 'utf8');
      } catch {
        if (required)
          fail(
            Array.isArray(svc.env_file) ? at('env_file', i) : at('env_file'),
            `env_file "${file}" cannot be read (looked for ${resolve(p.dir, file)})`,
          );
      }
      if (text !== undefined) Object.assign(env, parseEnv(text));
    });
    Object.assign(env, listOrDict(svc.environment));
    const secretEnv: string[] = [];
    const plainEnv: string[] = [];
    const deps = new Map<string, string>();
    for (const [k, v] of Object.entries(env)) {
      const value = v ?? p.vars.get(k) ?? '';
      // A secret name is a credential even when its value is a ${REFERENCE} filled at run time.
      if (isSecretName(k) || looksLikeSecretValue(value)) secretEnv.push(k);
      else plainEnv.push(k);
      for (const host of urlHosts(value))
        if (p.services[host] && host !== name && !deps.has(host)) deps.set(host, `environment ${k}`);
    }
    const secrets: { name: string; source: string }[] = [];
    if (secretEnv.length > 0)
      secrets.push({
        name: `${dnsLabel(name)}-env`,
        source: `compose: environment ${secretEnv.join(', ')} (credentials: from this Secret, never the config)`,
      });
    if (plainEnv.length > 0)
      d.notes.push(
        `environment not carried (the AppDeployment has no env field; set these in the image or a ConfigMap): ${plainEnv.join(', ')}`,
      );
    ((svc.secrets as (string | { source: string })[] | undefined) ?? []).forEach((s, i) => {
      const src = typeof s === 'string' ? s : s.source;
      secrets.push({ name: dnsLabel(src), source: `compose: secrets ${quoted(src)}` });
      const top = p.secrets[src] as { file?: string; environment?: string } | undefined;
      warn(
        at('secrets', i),
        `secret ${src} becomes Secret ${dnsLabel(src)}, read as environment variables (envFrom), not a file in /run/secrets${top?.file ? `; fill it from ${top.file} out of band` : ''}`,
      );
    });
    secrets.forEach((s, i) => setField(d, ['spec', 'secretsRequired', i], s.name, s.source));

    if (svc.configs !== undefined)
      warn(at('configs'), 'configs are not carried: put their content in the image or a ConfigMap', true);
    if (svc.user !== undefined) {
      const root = /^(root|0)(:|$)/.test(String(svc.user));
      if (root)
        warn(
          at('user'),
          `user ${String(svc.user)} is root: pods run as a non-root uid under Pod Security "restricted"`,
        );
      else d.notes.push(`user ${String(svc.user)} not carried: the pod runs as the Dockerfile's USER (or uid 10001)`);
    }
    for (const key of ['command', 'entrypoint'] as const)
      if (svc[key] !== undefined)
        warn(
          at(key),
          `${key} is not carried: the image's ${key === 'command' ? 'CMD' : 'ENTRYPOINT'} runs; bake the change into the Dockerfile`,
          true,
        );

    // volumes
    ((svc.volumes as unknown[] | undefined) ?? []).forEach((v, i) => {
      const o = typeof v === 'string' ? parseVolume(v) : (v as { type?: string; source?: string; target?: string });
      const bind = o.type === 'bind' || (o.type === undefined && o.source !== undefined && /^[./~]/.test(o.source));
      if (bind)
        warn(
          at('volumes', i),
          `bind mount ${o.source ?? ''}:${o.target ?? ''} is left out: a pod cannot mount a directory of the Docker host — bake the files into the image or use a ConfigMap`,
        );
      else if ((o.type ?? 'volume') === 'volume' && o.source) {
        setField(
          d,
          ['spec', 'resources', 'storage'],
          '1Gi',
          `compose: volumes "${o.source}:${o.target ?? ''}" (named volume; size not in Compose, 1Gi assumed)`,
        );
        warn(
          at('volumes', i),
          `named volume ${o.source} is recorded as spec.resources.storage 1Gi; deploy does not generate a PersistentVolumeClaim for an app yet (it mounts an emptyDir at ${o.target ?? 'the path'})`,
        );
      } else d.notes.push(`volume at ${o.target ?? '?'} (${o.type ?? 'anonymous'}): an emptyDir in Kubernetes`);
    });

    // deploy.replicas / scale and deploy.resources
    const dep = (svc.deploy ?? {}) as {
      replicas?: unknown;
      resources?: { limits?: Record<string, unknown>; reservations?: Record<string, unknown> };
    } & Record<string, unknown>;
    const replicas = Number(dep.replicas ?? svc.scale);
    if (dep.replicas !== undefined || svc.scale !== undefined) {
      if (Number.isInteger(replicas) && replicas >= 1) {
        setField(
          d,
          ['spec', 'scaling', 'minReplicas'],
          replicas,
          `compose: ${dep.replicas !== undefined ? 'deploy.replicas' : 'scale'} ${replicas}`,
        );
        if (replicas > 10) setField(d, ['spec', 'scaling', 'maxReplicas'], replicas, 'at least minReplicas');
      } else
        warn(
          dep.replicas !== undefined ? at('deploy', 'replicas') : at('scale'),
          `replicas ${String(dep.replicas ?? svc.scale)} is not carried: the AppDeployment runs at least one replica`,
        );
    }
    for (const kind of ['limits', 'reservations'] as const) {
      const r = dep.resources?.[kind];
      if (!r) continue;
      const cpu = r.cpus !== undefined ? cpuQuantity(r.cpus) : undefined;
      const mem = r.memory !== undefined ? memoryQuantity(r.memory) : undefined;
      if (cpu && getField(d, ['spec', 'resources', 'cpu']) === undefined)
        setField(d, ['spec', 'resources', 'cpu'], cpu, `compose: deploy.resources.${kind}.cpus ${quoted(r.cpus)}`);
      if (mem && getField(d, ['spec', 'resources', 'memory']) === undefined)
        setField(
          d,
          ['spec', 'resources', 'memory'],
          mem,
          `compose: deploy.resources.${kind}.memory ${quoted(r.memory)}`,
        );
    }
    for (const key of Object.keys(dep))
      if (!['replicas', 'resources'].includes(key))
        warn(at('deploy', key), `deploy.${key} is not carried; Kubernetes rolls out and places pods its own way`, true);
    if (svc.restart !== undefined) {
      if (svc.restart === 'no')
        warn(at('restart'), 'restart "no" is not carried: a Deployment always restarts its containers');
      else d.notes.push(`restart ${String(svc.restart)}: a Deployment always restarts its containers`);
    }

    // depends_on, links and URL env vars → what this service uses
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
    drafts.push(d);
  }

  for (const [name] of infra)
    if (!used.has(name))
      warn(
        ['services', name],
        `service ${name} (image ${infra.get(name)!.image}) is not used by any app service (no depends_on, links or URL naming it); left out`,
        true,
      );
  if (drafts.length > 1) for (const d of drafts) d.file = `${dnsLabel(d.service)}.app-config.yaml`;
  warnings.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : 0));
  return { drafts, warnings, issues };
}

/** Short volume syntax: [SOURCE:]TARGET[:MODE]. */
function parseVolume(s: string): { type?: string; source?: string; target?: string } {
  const parts = s.split(':');
  return parts.length === 1 ? { target: parts[0] } : { source: parts[0], target: parts[1] };
}
