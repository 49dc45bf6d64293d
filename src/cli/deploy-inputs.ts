// What `deploy` reads before any session starts: the AppDeployment, then its
// Dockerfile and the dependency manifests that Dockerfile copies. Bad input ends
// here as an InputError (exit 2, FILE:LINE:COL) — never as a failed tool call later,
// and never after a line that looks like success.
import { isAbsolute, relative } from 'node:path';
import { ConfigError, loadAppConfig, type LoadedAppConfig } from '../app-config/loader.js';
import { eventSource, scaledByKeda, scaleToZeroProblem } from '../plan/replicas.js';
import { readRequirements } from '../plan/requirements.js';
import { containedContext } from '../../mcp/shared/project-root.js';
import { ToolError } from '../../mcp/shared/tool.js';
import { analyzeText, fsContext, type ContextReader } from '../dockerfile/analyze.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { INPUT_LIMITS, readInputFile } from '../input/read.js';
import { exitCodeOf, InputError } from '../errors.js';
import { formatError } from './output.js';
import { checkInsideRoot } from './project-root.js';

export interface DeployInputs extends LoadedAppConfig {
  facts?: DockerfileFacts;
}

/** A path as a person would type it from here: relative to the working directory when inside it. */
function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** Build-context reads confined to the project root; a refusal there is bad input (exit 2). */
function confined(dir: string, root: string): ContextReader {
  const inner = containedContext(fsContext(dir), dir, root);
  return {
    read: (rel) =>
      inner.read(rel).catch((err: unknown) => {
        throw err instanceof ToolError ? new InputError(err.message) : err;
      }),
    list: () => inner.list(),
  };
}

/**
 * With `root` (the project root), the Dockerfile and build context must lie inside it,
 * checked before either is read.
 */
export async function loadDeployInputs(configPath: string, opts: { root?: string } = {}): Promise<DeployInputs> {
  const loaded = await loadAppConfig(configPath);
  if (opts.root !== undefined) checkInsideRoot(opts.root, loaded);
  if (!loaded.dockerfilePath) return checkScaleToZero(configPath, loaded);
  const label = shown(loaded.dockerfilePath);
  const text = await readInputFile(loaded.dockerfilePath, {
    label,
    what: 'a Dockerfile',
    maxBytes: INPUT_LIMITS.dockerfile,
  });
  const context =
    opts.root !== undefined ? confined(loaded.buildContextPath, opts.root) : fsContext(loaded.buildContextPath);
  const facts = await analyzeText(text, label, context, { target: loaded.config.spec.buildTarget });
  return checkScaleToZero(configPath, { ...loaded, facts });
}

/** minReplicas 0 is honoured only by KEDA; whether KEDA scales the app is known once the Dockerfile is read. */
function checkScaleToZero<T extends DeployInputs>(configPath: string, inputs: T): T {
  const { config } = inputs;
  const events = eventSource(readRequirements(config.spec.requirements), inputs.facts).kind;
  const problem = scaleToZeroProblem(config, scaledByKeda(config, events, []));
  if (problem)
    throw new ConfigError([
      {
        file: configPath,
        ...inputs.positions.of(['spec', 'scaling', 'minReplicas']),
        message: `spec.scaling.minReplicas: ${problem}`,
      },
    ]);
  return inputs;
}

export interface InputOutcome {
  /** The exit code the CLI ends with: 0 ok, 1 failure, 2 bad input. */
  code: number;
  /** What the CLI prints on stderr (message and details, no stack). */
  message: string;
}

/**
 * Runs one input-reading step and says how the CLI would end: the exit code and the
 * stderr text come from the same functions main() uses (exitCodeOf, formatError).
 */
export async function inputOutcome(step: () => Promise<unknown>): Promise<InputOutcome> {
  try {
    await step();
    return { code: 0, message: '' };
  } catch (err) {
    return { code: exitCodeOf(err), message: formatError(err) };
  }
}
