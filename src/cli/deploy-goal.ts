// What `deploy`'s flags ask for, said once: the output mode, the approval policy and the
// goal recorded in the session (so resuming never depends on the flags' names).
import type { OutputMode, Policy, SessionGoal } from '../sessions/events.js';
import type { DeployFlags } from './deploy-flags.js';

function outputModeOf(flags: DeployFlags): OutputMode {
  if (flags.planOnly) return 'plan';
  if (flags.dryRun) return 'dry-run';
  if (flags.generateOnly) return 'generate';
  return 'apply';
}

/**
 * The approval policy a run starts with, or undefined to keep a resumed session's own.
 * --yes wins everywhere (the terminal UI included); --diff only dry-runs against the
 * cluster, so its one world-changing call passes; otherwise the terminal UI asks and
 * a plain run lets read-only calls through.
 */
export function deployPolicy(flags: DeployFlags): Policy | undefined {
  if (flags.yes) return 'yes';
  if (flags.resume || flags.continue) return flags.approval;
  if (!flags.interactive && flags.diff && outputModeOf(flags) === 'apply') return 'yes';
  return flags.approval ?? (flags.interactive ? 'ask' : 'auto-read');
}

/** The goal a new deploy session records; `disabled` are resolved component ids. */
export function deployGoal(flags: DeployFlags, disabled: readonly string[]): SessionGoal {
  const mode = outputModeOf(flags);
  return {
    disabledComponents: [...disabled],
    overrides: { cpu: flags.resourcesCpu, memory: flags.resourcesMemory, image: flags.image },
    output: { mode, dir: mode === 'generate' ? (flags.outputDir ?? './k8s') : undefined },
    apply:
      mode === 'apply'
        ? { diffOnly: flags.diff === true, forceConflicts: flags.forceConflicts === true, prune: flags.prune === true }
        : undefined,
    kube: { kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace },
  };
}
