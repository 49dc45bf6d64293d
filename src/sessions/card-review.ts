// What a pending call's card says besides its diff, as plain recorded data: the verdict
// (the manifest findings its result adds) and the blast radius (what it changes, and
// with a cluster what the cluster would do). Computed before the decision, so a resumed
// session shows the same card.
import { z } from 'zod';

// Built on first use, as the session events that hold them are: only reading a transcript back needs them.
export function cardReviewSchemas() {
  return (built ??= build());
}
let built: ReturnType<typeof build> | undefined;

function build() {
  const verdictFindingSchema = z.object({
    severity: z.enum(['error', 'warning']),
    rule: z.string(),
    /** Kind/name of the object the finding is about. */
    subject: z.string().optional(),
    file: z.string().optional(),
    /** 1-based line of the object's document in its file. */
    line: z.number().int().optional(),
    message: z.string(),
    /** Only says the tree lacks an object a later step may add: shown, but no policy stops on it. */
    provisional: z.boolean().optional(),
  });

  const cardVerdictSchema = z.object({
    /** Findings of the tree after the call that the tree before it did not have. */
    added: z.array(verdictFindingSchema),
    /** How many findings of the tree before the call it clears. */
    cleared: z.number().int().min(0),
  });

  const kindCountSchema = z.object({
    kind: z.string(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
  });

  const monthlySchema = z.object({ before: z.number(), after: z.number() });

  const blastRadiusSchema = z.object({
    /** Objects added, changed and removed by kind, against the tree before the call. */
    kinds: z.array(kindCountSchema),
    /** Roles, ClusterRoles and their bindings the call adds or widens, each with what it grants. */
    rbac: z.array(z.string()),
    /** Ingress hosts, LoadBalancer and NodePort Services the call newly exposes. */
    exposed: z.array(z.string()),
    /** Monthly compute cost of the workloads' requests, before and after, at their replicas and at the HPA maximum. */
    cost: z
      .object({ cloud: z.string(), region: z.string(), atReplicas: monthlySchema, atMax: monthlySchema })
      .optional(),
    /** What a server-side dry run says against the live objects; absent without a cluster. */
    cluster: z
      .object({
        context: z.string(),
        objects: z.array(
          z.object({
            ref: z.string(),
            action: z.enum(['create', 'update', 'unchanged']),
            /** Field paths whose value differs from the live object's. */
            fields: z.array(z.string()),
          }),
        ),
        /** Workloads whose pod template changes: their pods are replaced. */
        restarts: z.array(z.object({ ref: z.string(), pods: z.number().int() })),
        errors: z.array(z.string()),
      })
      .optional(),
  });
  return { verdictFinding: verdictFindingSchema, cardVerdict: cardVerdictSchema, blastRadius: blastRadiusSchema };
}

export type VerdictFinding = z.infer<ReturnType<typeof build>['verdictFinding']>;
export type CardVerdict = z.infer<ReturnType<typeof build>['cardVerdict']>;
export type BlastRadius = z.infer<ReturnType<typeof build>['blastRadius']>;
