// Runs `deploy` as a session: the rules planner proposes, the gate decides by the
// policy the flags imply, the engine records every step; then the tree is written,
// shown or applied. No terminal UI here: the interactive face lives in src/ui/.
import { dirname } from 'node:path';
import { resolveComponentNames, UnknownComponentError } from '../plan/components.js';
import { InputError, CommandError } from '../errors.js';
import { checkQuantity } from '../app-config/quantity.js';
import type { DeployFlags } from './deploy-flags.js';
import { loadDeployInputs, type DeployInputs } from './deploy-inputs.js';
import { checkDistinctNames, expandConfigArgs } from './deploy-configs.js';
import { RulesSystemPlanner } from '../agent/planners/rules-system.js';
import { renderWorkspace } from '../manifests/workspace.js';
import { writeOutputTree } from '../manifests/output-dir.js';
import { useProjectRoot } from './project-root.js';
import { ANALYSIS_STEP, type RulesDeployPlanner } from '../agent/planners/rules-deploy.js';
import { openSession, targetOf, type OpenSession } from '../agent/session-runner.js';
import { VALIDATE_STEP_ID } from '../plan/steps.js';
import type { OutputMode } from '../sessions/events.js';
import { deployGoal, deployPolicy } from './deploy-goal.js';
import { checkPreconditions } from './deploy-preflight.js';
import { resumedDeploy } from './deploy-resume.js';
import { printDeployReport, type DeployReport } from './deploy-report.js';
import { finishApply } from './apply-report.js';
import { blockingErrors, formatVerdictFinding, stopReason } from '../agent/card-verdict.js';

/** Flag values that are wrong whatever the config says: exit 2 before anything is read. */
function checkFlags(flags: DeployFlags): string[] {
  checkQuantity('--resources-cpu', flags.resourcesCpu);
  checkQuantity('--resources-memory', flags.resourcesMemory);
  try {
    return resolveComponentNames(flags.disableComponent ?? []);
  } catch (err) {
    if (err instanceof UnknownComponentError) throw new InputError(`--disable-component: ${err.message}`);
    throw err;
  }
}

export async function runDeploy(configArg: string | string[] | undefined, flags: DeployFlags): Promise<number> {
  const disabled = checkFlags(flags);
  const resume = flags.resume ?? (flags.continue ? 'latest' : undefined);
  if (configArg === undefined && !resume)
    throw new InputError('missing CONFIG: give the AppDeployment file (app-config.yaml)', [
      'or continue a session with --resume ID|latest (see: kaptain-kube sessions list)',
    ]);
  // A resumed run continues the session's own config and goal; a CONFIG given with it must be the same app.
  const resumed = resume ? await resumedDeploy(resume, Array.isArray(configArg) ? configArg[0] : configArg) : undefined;
  // Several configs, or a directory of them, are one system: one plan, one session, one tree.
  const configPaths = resumed ? resumed.configPaths : expandConfigArgs([configArg!].flat());
  const configPath = configPaths[0];
  const goal = resumed?.goal ?? deployGoal(flags, disabled);
  const mode = goal.output.mode;
  // The reports and the rollout watch read these from the flags: on resume they are the session's.
  if (resumed)
    flags = {
      ...flags,
      ...goal.kube,
      // --output-dir given with --generate-only still says where to write.
      outputDir: flags.generateOnly ? flags.outputDir : (goal.output.dir ?? flags.outputDir),
      diff: goal.apply?.diffOnly ?? false,
    };
  // The config, the Dockerfile and what it copies: bad input is exit 2 before any session.
  const root = useProjectRoot(configPaths, flags.projectRoot);
  const all: DeployInputs[] = [];
  for (const c of configPaths) all.push(await loadDeployInputs(c, { root }));
  checkDistinctNames(all);
  const loaded = all[0];
  const opening = {
    command: 'deploy' as const,
    resume,
    name: flags.name,
    policy: deployPolicy(flags),
    force: flags.force,
    configPath: loaded.file,
    ...(all.length > 1 ? { configPaths: all.map((l) => l.file) } : {}),
    goal,
  };
  if (flags.interactive) {
    if (!process.stdin.isTTY || !process.stdout.isTTY)
      throw new InputError(
        'deploy --interactive needs a terminal; without one use --generate-only, or --yes to approve every call',
      );
    // Everything the run needs from the cluster, before the first card.
    await checkPreconditions(goal);
    const { runUi } = await import('../ui/run.js');
    return runUi(opening);
  }
  if (mode === 'apply' && !flags.yes && !flags.diff) {
    throw new InputError('deploying to a cluster changes it, and every change needs approval', [
      'run with --interactive to review each call and its diff,',
      'or --yes to approve every call,',
      'or --generate-only --output-dir DIR to write the manifests without touching a cluster',
    ]);
  }
  await checkPreconditions(goal);
  const session = await openSession({ ...opening, target: targetOf(loaded), targets: all.map(targetOf) });
  try {
    return await finishRun(session, mode, loaded.file, flags);
  } catch (err) {
    // A failed run says so in its transcript, with the error, instead of staying "open";
    // one waiting for approval stays open, to be resumed.
    if (!session.engine.state.calls.some((c) => !c.decision))
      await session.engine
        .emit({ type: 'session.ended', reason: 'failed', status: 'failed', error: (err as Error).message })
        .catch(() => undefined);
    throw err;
  } finally {
    await session.close();
    if (!recorded(mode, flags, session.resumed)) {
      const { SessionStore } = await import('../sessions/store.js');
      new SessionStore(dirname(session.file.path)).delete(session.file.id);
    }
  }
}

/** Plan-only and dry runs change nothing: their sessions are kept only with --record (or when resumed). */
function recorded(mode: OutputMode, flags: DeployFlags, resumed: boolean): boolean {
  return resumed || flags.record === true || (mode !== 'plan' && mode !== 'dry-run');
}

/** What the run found, for the report whatever the outcome. */
function reportOf(session: OpenSession, mode: OutputMode, configFile: string, flags: DeployFlags): DeployReport {
  const state = session.engine.state;
  const planner = session.engine.planner;
  const plans =
    planner instanceof RulesSystemPlanner ? planner.plans(state) : [(planner as RulesDeployPlanner).planFor(state)];
  const plan = plans[0];
  const analysis = state.calls.find((c) => c.proposed.step === ANALYSIS_STEP);
  // The apply step reports its own outcome (finishApply); the rest are generation failures.
  const failed = state.calls.filter(
    (c) =>
      c.proposed.step !== 'apply' &&
      (c.result?.isError || (c.decision?.decision === 'reject' && c.decision.by !== 'user')),
  );
  return {
    mode,
    app: plan.app.name,
    namespace: plan.app.namespace,
    configFile,
    plan,
    ...(planner instanceof RulesSystemPlanner ? { apps: plans, flows: planner.flows(state) } : {}),
    analysis:
      analysis?.result && !analysis.result.isError
        ? (analysis.result.structured as DeployReport['analysis'])
        : undefined,
    analysisError: analysis?.result?.isError ? analysis.result.text : undefined,
    files: [...renderWorkspace(state.workspace).keys()],
    validation: state.calls.find((c) => c.proposed.step === VALIDATE_STEP_ID)?.result
      ?.structured as DeployReport['validation'],
    failures: failed.map(
      (c) => `${c.proposed.server}/${c.proposed.tool}: ${c.result?.text ?? c.decision?.reason ?? 'failed'}`,
    ),
    outputDir: mode === 'generate' ? flags.outputDir : undefined,
    sessionId: recorded(mode, flags, session.resumed) ? session.file.id : undefined,
  };
}

/** Runs the session to its end, then reports, writes or applies by the mode. */
async function finishRun(
  session: OpenSession,
  mode: OutputMode,
  configFile: string,
  flags: DeployFlags,
): Promise<number> {
  const { engine } = session;
  const outcome = await engine.run();
  const report = reportOf(session, mode, configFile, flags);
  if (outcome === 'needs-approval') {
    // A call the policy stopped on because its result adds errors says which and where.
    const pending = engine.state.pending;
    const stop = pending && stopReason(pending, engine.state.policy);
    if (stop) throw new CommandError(stop, blockingErrors(pending.verdict).map(formatVerdictFinding));
    throw new CommandError(
      'a call is waiting for approval and no one can answer it here; rerun with --interactive or --yes',
    );
  }
  if (mode === 'plan') {
    await engine.emit({ type: 'session.ended', reason: 'plan finished', status: 'succeeded' });
    return printDeployReport(report, flags);
  }
  if (report.failures.length > 0) {
    printDeployReport({ ...report, failed: true }, flags);
    throw new CommandError(`${report.failures.length} tool call(s) failed; nothing was written`, report.failures);
  }
  if (report.validation && report.validation.valid === false) {
    printDeployReport({ ...report, failed: true }, flags);
    throw new CommandError('the generated manifests fail validation; nothing was written (see the findings above)');
  }
  const files = renderWorkspace(engine.state.workspace);
  if (mode === 'generate')
    await writeOutputTree(flags.outputDir ?? './k8s', files, { force: flags.force, flag: '--output-dir' });
  if (mode === 'apply') return finishApply(engine.state, report, flags);
  await engine.emit({
    type: 'session.ended',
    reason: mode === 'generate' ? `wrote ${files.size} files to ${flags.outputDir}` : `${mode} finished`,
    status: 'succeeded',
  });
  return printDeployReport(report, flags);
}
