// What a Compose service says about how it runs (configs, user, command, volumes, deploy,
// restart): carried where the AppDeployment has a field, otherwise a warning or a note.
import { quoted, type ServiceMapping } from './compose-mapping.js';
import { cpuQuantity, memoryQuantity } from './compose-values.js';
import { getField, setField } from './draft.js';

export function mapRuntime(m: ServiceMapping): void {
  const { svc, d, at, warn } = m;
  if (svc.configs !== undefined)
    warn(at('configs'), 'configs are not carried: put their content in the image or a ConfigMap', true);
  if (svc.user !== undefined) {
    const root = /^(root|0)(:|$)/.test(String(svc.user));
    if (root)
      warn(at('user'), `user ${String(svc.user)} is root: pods run as a non-root uid under Pod Security "restricted"`);
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
      setField(d, ['spec', 'resources', 'memory'], mem, `compose: deploy.resources.${kind}.memory ${quoted(r.memory)}`);
  }
  for (const key of Object.keys(dep))
    if (!['replicas', 'resources'].includes(key))
      warn(at('deploy', key), `deploy.${key} is not carried; Kubernetes rolls out and places pods its own way`, true);
  if (svc.restart !== undefined) {
    if (svc.restart === 'no')
      warn(at('restart'), 'restart "no" is not carried: a Deployment always restarts its containers');
    else d.notes.push(`restart ${String(svc.restart)}: a Deployment always restarts its containers`);
  }
}

/** Short volume syntax: [SOURCE:]TARGET[:MODE]. */
function parseVolume(s: string): { type?: string; source?: string; target?: string } {
  const parts = s.split(':');
  return parts.length === 1 ? { target: parts[0] } : { source: parts[0], target: parts[1] };
}
