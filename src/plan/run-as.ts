// The uid/gid the pod runs as: the config's numbers, else the image's own user as the
// Dockerfile analysis resolved it. A named user nothing resolves gets no invented id:
// the pod keeps runAsNonRoot and the plan says which field to set.
import { basename } from 'node:path';
import type { DockerfileFacts } from '../dockerfile/facts.js';

/** The id used when the image runs as root (or says nothing): a non-root uid "restricted" admits. */
const FALLBACK_ID = 10001;

export interface RunAs {
  /** null: leave runAsUser unset, the kubelet then checks the image's USER itself. */
  runAsUser: number | null;
  runAsGroup: number | null;
  warning?: string;
}

export function runAsFor(spec: { runAsUser?: number; runAsGroup?: number }, facts: DockerfileFacts | undefined): RunAs {
  const user = facts?.user;
  // Group 0 (`USER 1001:0`) is not taken over: the pod's group then follows the user.
  const pick = (uid: number | null, gid: number | null | undefined): RunAs => ({
    runAsUser: uid,
    runAsGroup: spec.runAsGroup ?? (gid === 0 ? undefined : gid) ?? uid,
  });
  if (spec.runAsUser !== undefined) return pick(spec.runAsUser, spec.runAsUser);
  if (user && !user.root) {
    if (user.uid !== undefined) return pick(user.uid, user.gid ?? user.uid);
    const at = `${basename(facts!.file)}:${user.source.line}`;
    return {
      ...pick(null, user.gid ?? null),
      warning: `USER ${user.raw} (${at}) could not be resolved to a numeric id; set spec.runAsUser — until then the pod sets no runAsUser and, with runAsNonRoot, Kubernetes refuses to start a container whose image user is not numeric`,
    };
  }
  if (!user && facts?.imageUser) return pick(facts.imageUser.uid, facts.imageUser.gid ?? facts.imageUser.uid);
  return pick(FALLBACK_ID, FALLBACK_ID);
}
