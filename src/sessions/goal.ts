// The goal a session was started with. New transcripts record it typed (inputs.goal);
// transcripts written before that recorded the deploy command's raw flags (inputs.flags),
// and this is the one place that still knows those flag names.
import { z } from 'zod';
import type { EventOf, OutputMode, SessionGoal } from './events.js';

/** The deploy flags as version 0.1.0 transcripts stored them (commander's camelCase names). */
const legacyFlagsSchema = z
  .object({
    disableComponent: z.array(z.string()).optional(),
    resourcesCpu: z.string().optional(),
    resourcesMemory: z.string().optional(),
    image: z.string().optional(),
    outputDir: z.string().optional(),
    planOnly: z.boolean().optional(),
    generateOnly: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    diff: z.boolean().optional(),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z.string().optional(),
    forceConflicts: z.boolean().optional(),
    prune: z.boolean().optional(),
  })
  .loose();

/** The goal of a transcript written before goals were recorded. */
export function goalFromLegacyFlags(raw: Record<string, unknown>): SessionGoal {
  const parsed = legacyFlagsSchema.safeParse(raw);
  // A flag of an unexpected type is dropped rather than failing the whole resume.
  const f = parsed.success ? parsed.data : {};
  const mode: OutputMode = f.planOnly ? 'plan' : f.dryRun ? 'dry-run' : f.generateOnly ? 'generate' : 'apply';
  return {
    disabledComponents: f.disableComponent ?? [],
    overrides: { cpu: f.resourcesCpu, memory: f.resourcesMemory, image: f.image },
    output: { mode, dir: f.outputDir },
    apply:
      mode === 'apply'
        ? { diffOnly: f.diff === true, forceConflicts: f.forceConflicts === true, prune: f.prune === true }
        : undefined,
    kube: { kubeconfig: f.kubeconfig, context: f.context, namespace: f.namespace },
  };
}

/** The session's goal: recorded, or read from an older transcript's flags; none for chat. */
export function goalOf(started: Pick<EventOf<'session.started'>, 'command' | 'inputs'>): SessionGoal | undefined {
  if (started.inputs.goal) return started.inputs.goal;
  if (started.command === 'chat') return undefined;
  return goalFromLegacyFlags(started.inputs.flags ?? {});
}
