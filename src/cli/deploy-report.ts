// What `deploy` tells a person at a glance (or a machine with --output json):
// files, components with their reasons, warnings, findings and the next command.
import { relative } from 'node:path';
import type { Plan } from '../plan/types.js';
import { formatReason } from '../agent/planners/rules-deploy.js';
import type { DeployFlags } from './deploy-flags.js';
import { paint, printJson } from './output.js';
import { safeDeep } from '../terminal/safe-text.js';

export interface DeployReport {
  mode: 'plan' | 'dry-run' | 'generate' | 'apply';
  app: string;
  namespace: string;
  configFile: string;
  plan: Plan;
  /** A system deploy: every app's plan (plan is the first), and the flows between the apps. */
  apps?: Plan[];
  flows?: { flows: string[]; warnings: string[] };
  analysis?: { facts?: Record<string, unknown>; reasons?: string[] };
  analysisError?: string;
  files: string[];
  validation?: {
    valid: boolean;
    findings?: { severity: string; rule: string; message: string; subject?: string; file?: string }[];
    unvalidatedKinds?: string[];
  };
  failures: string[];
  /** The run failed: report what was found, but no success or "next" line. */
  failed?: boolean;
  outputDir?: string;
  sessionId?: string;
}

function componentsJson(plan: Plan) {
  return plan.components.map((c) => ({
    id: c.id,
    enabled: c.enabled,
    summary: c.summary,
    reasons: c.reasons.map(formatReason),
  }));
}

export function printDeployReport(r: DeployReport, flags: DeployFlags): number {
  if (flags.output === 'json') {
    printJson({
      mode: r.mode,
      app: r.app,
      namespace: r.namespace,
      components: componentsJson(r.plan),
      ...(r.apps
        ? {
            apps: r.apps.map((p) => ({
              app: p.app.name,
              namespace: p.app.namespace,
              components: componentsJson(p),
              warnings: p.warnings,
            })),
            flows: r.flows?.flows ?? [],
          }
        : {}),
      resources: {
        cpu: r.plan.resources.cpu,
        memory: r.plan.resources.memory,
        reason: formatReason(r.plan.resources.reason),
      },
      warnings: r.plan.warnings,
      suggestions: r.plan.suggestions.map((s) => ({
        text: s.text,
        minReplicas: s.minReplicas,
        maxReplicas: s.maxReplicas,
      })),
      analysis: flags.analyzeVerbose ? r.analysis : undefined,
      files: r.mode === 'plan' || r.failed ? [] : r.files,
      outputDir: r.outputDir,
      session: r.sessionId,
      findings: r.validation?.findings ?? [],
      failures: r.failures,
    });
    return 0;
  }
  // Reasons, findings and failures quote the Dockerfile, the config and tool results.
  r = safeDeep(r);
  const out: string[] = [];
  if (flags.analyzeVerbose) {
    out.push(paint('bold', 'Dockerfile analysis'));
    if (r.analysisError) out.push(`  ${paint('red', '✗')} ${r.analysisError}`);
    for (const line of r.analysis?.reasons ?? []) out.push(`  ${line}`);
    out.push('');
  }
  for (const plan of r.apps ?? [r.plan])
    componentLines(out, r, { ...r, plan, app: plan.app.name, namespace: plan.app.namespace }, flags);
  if (r.flows)
    out.push(
      paint('bold', 'Flows between the apps (each accepts only these)'),
      ...(r.flows.flows.length ? r.flows.flows : ['none']).map((f) => `  ${f}`),
    );
  const warnings = r.apps
    ? [...(r.flows?.warnings ?? []), ...r.apps.flatMap((p) => p.warnings.map((w) => `${p.app.name}: ${w}`))]
    : r.plan.warnings;
  if (warnings.length > 0) {
    out.push('', paint('yellow', 'Warnings'));
    for (const w of warnings) out.push(`  ! ${w}`);
  }
  if (r.plan.suggestions.length > 0) {
    out.push('', paint('bold', 'Suggestions'));
    for (const s of r.plan.suggestions)
      out.push(`  ? ${s.text} — to take it, set spec.scaling.minReplicas: ${s.minReplicas}`);
  }
  const findings = (r.validation?.findings ?? []).filter((f) => f.severity !== 'info');
  if (findings.length > 0) {
    out.push('', paint('bold', 'Validation findings'));
    for (const f of findings)
      out.push(
        `  ${f.severity === 'error' ? paint('red', 'error') : paint('yellow', f.severity)} ${f.rule} ${f.subject ? `${f.subject}${f.file ? ` (${f.file})` : ''}: ` : ''}${f.message}`,
      );
  }
  for (const f of r.failures) out.push(`  ${paint('red', '✗')} ${f}`);
  out.push('');
  if (r.failed) {
    // The caller reports the failure; nothing here may read as success.
  } else if (r.mode === 'plan') {
    out.push(
      `${r.plan.steps.length} tool calls planned. Next: kaptain-kube deploy ${relative(process.cwd(), r.configFile)} --generate-only --output-dir ./k8s`,
    );
  } else if (r.mode === 'dry-run') {
    if (flags.showComponents) for (const f of r.files) out.push(`  would write ${f}`);
    out.push(
      `${r.files.length} files generated in memory; nothing was written. Next: kaptain-kube deploy ${relative(process.cwd(), r.configFile)} --generate-only --output-dir ./k8s`,
    );
  } else if (r.mode === 'generate') {
    out.push(`${paint('green', '✓')} ${r.files.length} files written to ${r.outputDir}`);
    out.push(
      `Next: review them, then kubectl apply --server-side -R -f ${r.outputDir}/k8s-manifests  (or: kaptain-kube deploy ${relative(process.cwd(), r.configFile)} --interactive)`,
    );
  }
  if (r.sessionId) out.push(paint('gray', `Session ${r.sessionId} (kaptain-kube sessions show ${r.sessionId})`));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** One app's components, with their reasons, and its resources. */
function componentLines(out: string[], run: DeployReport, r: DeployReport, flags: DeployFlags): void {
  const on = r.plan.components.filter((c) => c.enabled);
  const off = r.plan.components.filter((c) => !c.enabled);
  if (run.mode === 'plan' || flags.showComponents || run.mode === 'generate' || run.mode === 'dry-run') {
    out.push(paint('bold', `Components for ${r.app} (${r.plan.app.appType}, namespace ${r.namespace})`));
    for (const c of on) {
      const why = c.reasons.map(formatReason).join('; ');
      out.push(`  ${paint('green', '✓')} ${c.id.padEnd(15)} ${c.summary}${why ? paint('gray', ` ← ${why}`) : ''}`);
    }
    if (run.mode === 'plan' || flags.showComponents) {
      for (const c of off)
        out.push(
          `  ${paint('gray', `– ${c.id.padEnd(15)} ${c.reasons.map(formatReason).join('; ') || 'not needed'}`)}`,
        );
    }
    out.push(
      `  resources: cpu ${r.plan.resources.cpu}, memory ${r.plan.resources.memory} ${paint('gray', `← ${formatReason(r.plan.resources.reason)}`)}`,
    );
  }
}
