// An image that is itself a database, cache or broker, given as spec.image without a
// Dockerfile, runs as what it is: one primary in a StatefulSet with its own volume,
// probes, ports and user, its credentials from a Secret, nothing that would build it.
import type { AppDeployment } from '../app-config/schema.js';
import { statefulImage, type StatefulImage } from '../dockerfile/stateful-images.js';
import type { AppPort } from './app-context.js';
import type { StatefulContext } from './stateful-context.js';
import type { Reason } from './types.js';

/** The volume size when the config gives none: room for a small database and its write-ahead log. */
const DEFAULT_STATEFUL_STORAGE = '10Gi';

export interface StatefulPlan {
  image: StatefulImage;
  /** "StatefulSet ← postgres:16 is a database image". */
  reason: Reason;
  /** The image's own ports, when the config lists none. */
  ports?: AppPort[];
  context: StatefulContext;
  runAsUser: number;
  runAsGroup: number;
  writablePaths: string[];
  warnings: string[];
}

// Its own field manager: a later `kubectl apply --server-side` of the tree (whose Secret has no
// data) would otherwise take the password away, as the manager that last set it. It fills an
// empty Secret only: the engine keeps the password it initialised its data with, so a second
// run replacing it would lock the app out of its own database.
/** How to fill a generated credentials Secret with a random password; a Secret that has one is left alone. */
export function fillCredentialsCommand(namespace: string, secret: string): string {
  const has = `kubectl -n ${namespace} get secret ${secret} -o jsonpath='{.data.password}' 2>/dev/null`;
  const fill = `kubectl -n ${namespace} create secret generic ${secret} --from-literal=password="$(openssl rand -hex 24)" --dry-run=client -o yaml | kubectl apply --server-side --field-manager=kaptain-kube-credentials -f -`;
  return `if [ -z "$(${has})" ]; then ${fill}; else echo "${secret} already has a password: left as it is"; fi`;
}

/** More replicas were asked for (by the config or a requirement) than one primary can honour. */
export function onePrimaryWarning(plan: StatefulPlan, asked: number): string {
  const s = plan.image;
  return `${s.ref} runs one primary: the StatefulSet keeps 1 replica, not ${asked} — more pods would be independent ${s.family} instances, not replicas; replication needs the engine's operator (spec.database) or its own clustering`;
}

export function planStateful(
  config: AppDeployment,
  image: string | undefined,
  namespace: string,
): StatefulPlan | undefined {
  const spec = config.spec;
  // A Dockerfile builds an app of its own, even FROM postgres: only an image run as given is the engine itself.
  if (spec.dockerfile !== undefined || image === undefined) return undefined;
  const s = statefulImage(image);
  if (!s) return undefined;
  const warnings: string[] = [];
  const name = config.metadata.name;

  let credentials: StatefulContext['credentials'];
  if (s.secretEnv.length) {
    const secret = `${name}-credentials`;
    const generated = !spec.secretsRequired.includes(secret);
    credentials = { secretName: secret, generated };
    if (generated)
      warnings.push(
        `${s.ref} reads its password from Secret ${secret} (key password), generated without values: fill it before the pod can start — ${fillCredentialsCommand(namespace, secret)}`,
      );
  }

  const uid = spec.runAsUser ?? s.user.uid;
  const gid = spec.runAsGroup ?? (s.user.gid ? s.user.gid : uid);
  return {
    image: s,
    reason: { text: `StatefulSet ← ${s.ref} is a ${s.kind} image`, source: 'config', ref: 'spec.image' },
    ports: spec.ports.length ? undefined : s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    context: {
      family: s.family,
      kind: s.kind,
      ref: s.ref,
      dataPath: s.dataPath,
      storage: spec.resources.storage ?? DEFAULT_STATEFUL_STORAGE,
      env: s.env,
      secretEnv: s.secretEnv,
      ...(s.args ? { args: s.args } : {}),
      readiness: s.readiness,
      liveness: s.liveness,
      probeTimeout: s.probeTimeout,
      ...(s.writableRoot ? { writableRoot: s.writableRoot } : {}),
      ...(credentials ? { credentials } : {}),
    },
    runAsUser: uid,
    runAsGroup: gid,
    writablePaths: s.writablePaths,
    warnings,
  };
}
