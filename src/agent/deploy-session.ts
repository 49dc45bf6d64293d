// Runs `deploy` as a session: the rules planner proposes, the gate decides by the
// policy the flags imply, the engine records every step; then the tree is written,
// shown or applied. No terminal UI here: the interactive face lives in src/ui/.
import { resolveComponentNames, UnknownComponentError } from '../plan/components.js';
import { InputError, CommandError } from '../cli/errors.js';
import { checkQuantity, type DeployFlags } from '../cli/deploy.js';
import { loadDeployInputs } from '../cli/deploy-inputs.js';
import { renderWorkspace } from '../manifests/workspace.js';
import { writeOutputTree } from '../cli/output-dir.js';
import { useProjectRoot } from '../cli/project-root.js';
import { ANALYSIS_STEP, type RulesDeployPlanner } from './planners/rules-deploy.js';
import { openSession, targetOf } from './session-runner.js';
import { VALIDATE_STEP_ID } from '../plan/steps.js';
import type { Policy } from './events.js';
import { printDeployReport, type DeployReport } from '../cli/deploy-report.js';
import { finishApply } from './apply-result.js';

type Mode = 'plan' | 'dry-run' | 'generate' | 'apply';

function modeOf(flags: DeployFlags): Mode {
  if (flags.planOnly) return 'plan';
  if (flags.dryRun) return 'dry-run';
  if (flags.generateOnly) return 'generate';
  return 'apply';
}

export async function runDeploy(configPath: string, flags: DeployFlags): Promise<number> {
  checkQuantity('--resources-cpu', flags.resourcesCpu);
  checkQuantity('--resources-memory', flags.resourcesMemory);
  let disabled;
  try {
    disabled = resolveComponentNames(flags.disableComponent ?? []);
  } catch (err) {
    if (err instanceof UnknownComponentError) throw new InputError(`--disable-component: ${err.message}`);
    throw err;
  }
  const mode = modeOf(flags);
  // The config, the Dockerfile and what it copies: bad input is exit 2 before any session.
  const root = useProjectRoot(configPath, flags.projectRoot);
  const loaded = await loadDeployInputs(configPath, { root });
  if (flags.interactive) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new InputError('deploy --interactive needs a terminal; without one use --generate-only, or --yes to approve every call');
    const { runUi } = await import('../ui/run.js');
    const resume = flags.resume ?? (flags.continue ? 'latest' : undefined);
    return runUi({ command: 'deploy', resume, name: flags.name, policy: resume ? flags.approval : (flags.approval ?? 'ask'), configPath: loaded.file, flags: { ...flags, interactive: undefined } });
  }
  if (mode === 'apply' && !flags.yes && !flags.interactive && !flags.diff) {
    throw new InputError(
      'deploying to a cluster changes it, and every change needs approval',
      ['run with --interactive to review each call and its diff,', 'or --yes to approve every call,', 'or --generate-only --output-dir DIR to write the manifests without touching a cluster'],
    );
  }

  // --diff only dry-runs against the cluster, so its one world-changing call passes by policy.
  const policy: Policy = flags.yes || (flags.diff && mode === 'apply') ? 'yes' : (flags.approval ?? 'auto-read');
  const session = await openSession({
    command: 'deploy',
    resume: flags.resume ?? (flags.continue ? 'latest' : undefined),
    name: flags.name,
    policy: flags.resume || flags.continue ? (flags.yes ? 'yes' : flags.approval) : policy,
    configPath: loaded.file,
    flags: { ...flags },
    target: targetOf(loaded),
  });
  const { engine, file: sink } = session;
  const planner = engine.planner as RulesDeployPlanner;
  try {
    const outcome = await engine.run();
    const state = engine.state;
    const plan = planner.planFor(state);
    const analysis = state.calls.find((c) => c.proposed.step === ANALYSIS_STEP);
    // The apply step reports its own outcome (finishApply); the rest are generation failures.
    const failed = state.calls.filter((c) => c.proposed.step !== 'apply' && (c.result?.isError || (c.decision?.decision === 'reject' && c.decision.by !== 'user')));
    const validation = state.calls.find((c) => c.proposed.step === VALIDATE_STEP_ID)?.result?.structured as DeployReport['validation'];
    const files = renderWorkspace(state.workspace);
    const report: DeployReport = {
      mode,
      app: plan.app.name,
      namespace: plan.app.namespace,
      configFile: loaded.file,
      plan,
      analysis: analysis?.result && !analysis.result.isError ? (analysis.result.structured as DeployReport['analysis']) : undefined,
      analysisError: analysis?.result?.isError ? analysis.result.text : undefined,
      files: [...files.keys()],
      validation,
      failures: failed.map((c) => `${c.proposed.server}/${c.proposed.tool}: ${c.result?.text ?? c.decision?.reason ?? 'failed'}`),
      outputDir: mode === 'generate' ? flags.outputDir : undefined,
      sessionId: sink.id,
    };

    if (outcome === 'needs-approval') throw new CommandError('a call is waiting for approval and no one can answer it here; rerun with --interactive or --yes');
    if (mode === 'plan') return printDeployReport(report, flags);
    if (report.failures.length > 0) {
      printDeployReport({ ...report, failed: true }, flags);
      throw new CommandError(`${report.failures.length} tool call(s) failed; nothing was written`, report.failures);
    }
    if (validation && validation.valid === false) {
      printDeployReport({ ...report, failed: true }, flags);
      throw new CommandError('the generated manifests fail validation; nothing was written (see the findings above)');
    }
    if (mode === 'generate') {
      await writeOutputTree(flags.outputDir ?? './k8s', files, { force: flags.force, flag: '--output-dir' });
    }
    if (mode === 'apply') return finishApply(state, report, flags);
    await engine.emit({ type: 'session.ended', reason: mode === 'generate' ? `wrote ${files.size} files to ${flags.outputDir}` : `${mode} finished` });
    return printDeployReport(report, flags);
  } finally {
    await session.close();
  }
}
