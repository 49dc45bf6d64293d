// Opens a session for any face: a new transcript, or an existing one replayed to the
// exact state it stopped in (pending approval included), with the hub and planner
// rebuilt from what the transcript recorded.
import { VERSION } from '../version.js';
import { loadAppConfig, type LoadedAppConfig } from '../app-config/index.js';
import type { McpHub } from '../mcp-client/hub.js';
import { createHub } from '../mcp-client/connect.js';
import { McpConfigError } from '../mcp-client/config.js';
import type { Elicitor, McpHost } from '../mcp-client/host-capabilities.js';
import { InputError } from '../errors.js';
import { Redactor, secretValuesFromEnv } from '../sessions/redact.js';
import { SessionNotFound, SessionStore, TranscriptError, type SessionFile } from '../sessions/store.js';
import { SessionLocked } from '../sessions/lock.js';
import { SessionEngine, type Approver, type EngineOptions, type Planner } from './engine.js';
import type { EventOf, Policy, SessionEvent, SessionGoal } from '../sessions/events.js';
import { goalOf } from '../sessions/goal.js';
import { RulesChatPlanner } from './planners/rules-chat.js';
import { RulesDeployPlanner, type DeployTarget } from './planners/rules-deploy.js';
import { replay, type SessionState } from '../sessions/state.js';
import { safeText } from '../terminal/safe-text.js';
import { offerSampling, RULES_SAMPLING_REFUSAL, type SamplingApprover } from './sampling.js';

export interface OpenSessionOptions {
  command: 'deploy' | 'chat';
  /** Session id, prefix, name or "latest". */
  resume?: string;
  name?: string;
  /** Approval policy; on resume, replaces the recorded one when given. */
  policy?: Policy;
  planner?: 'rules' | 'openai';
  model?: string;
  /** What a new deploy session is asked to achieve; recorded in its transcript. */
  goal?: SessionGoal;
  /** The model's limits (chat's --context-tokens, --max-tokens-per-session); not recorded. */
  llmLimits?: { contextTokens?: number; maxTokensPerSession?: number };
  configPath?: string;
  approver?: Approver;
  onEvent?: (event: SessionEvent, state: SessionState) => void;
  store?: SessionStore;
  /** mcp.yaml to load instead of kubectl-ai's location. */
  mcpConfig?: string;
  /** The config at configPath, when the caller has loaded it already (a new deploy session). */
  target?: DeployTarget;
  /** A system deploy: every app's config, and each loaded (targets) when the caller has them. */
  configPaths?: string[];
  targets?: DeployTarget[];
  /** Builds the LLM planner (kept out of this module so rules-only runs never load it). */
  llm?: (hub: McpHub, state: SessionState) => Promise<Planner>;
  /** Chat's `deploy PATH` for a Compose file or a directory of configs: every app, or undefined for one config. */
  loadSystem?: SystemLoader;
  /** Asks a person an external server's question (MCP elicitation); refused without it or under --approval yes. */
  elicit?: Elicitor;
  /** Asks a person whether a server may use the session's model (MCP sampling, LLM planner only). */
  approveSampling?: SamplingApprover;
  /** A running call's progress reports, for a face that shows them. */
  onProgress?: EngineOptions['onProgress'];
  /** Run calls whose result adds manifest errors even where the policy would stop on them (--force). */
  force?: boolean;
}

/** The options of `kaptain-kube chat`, which both faces (Ink UI, plain text) open a session from. */
export interface ChatFlags {
  approval?: Policy;
  yes?: boolean;
  llmProvider?: 'rules' | 'openai';
  model?: string;
  resume?: string;
  continue?: boolean;
  name?: string;
  mcpConfig?: string;
  plain?: boolean;
  /** The model's context window in tokens (--context-tokens). */
  contextTokens?: number;
  /** Stop asking the model past this many tokens (--max-tokens-per-session). */
  maxTokensPerSession?: number;
  /** Run calls whose result adds manifest errors where the policy would stop on them. */
  force?: boolean;
}

export type SystemLoader = (path: string) => Promise<DeployTarget[] | undefined>;

/** The session a chat opens, whichever face shows it. */
export function chatSessionOptions(flags: ChatFlags, loadSystem?: SystemLoader) {
  return {
    loadSystem,
    command: 'chat' as const,
    resume: flags.resume ?? (flags.continue ? 'latest' : undefined),
    name: flags.name,
    policy: flags.yes ? ('yes' as const) : flags.approval,
    force: flags.force,
    planner: flags.llmProvider ?? 'rules',
    model: flags.model,
    mcpConfig: flags.mcpConfig,
    llmLimits: { contextTokens: flags.contextTokens, maxTokensPerSession: flags.maxTokensPerSession },
  };
}

export interface OpenSession {
  engine: SessionEngine;
  file: SessionFile;
  hub: McpHub;
  resumed: boolean;
  started: EventOf<'session.started'>;
  close(reason?: string): Promise<void>;
}

/** What the planner needs of a loaded AppDeployment. */
export function targetOf(loaded: LoadedAppConfig): DeployTarget {
  return { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath };
}

export async function loadTarget(path: string): Promise<DeployTarget> {
  return targetOf(await loadAppConfig(path));
}

async function plannerFor(
  started: EventOf<'session.started'>,
  state: SessionState,
  opts: OpenSessionOptions,
  hub: McpHub,
): Promise<Planner> {
  if (started.planner === 'openai') {
    if (!opts.llm) throw new Error('this session uses the openai planner; start it with --llm-provider openai');
    return opts.llm(hub, state);
  }
  if (started.command === 'chat') return new RulesChatPlanner(loadTarget, state, opts.loadSystem);
  const goal = goalOf(started)!;
  const { resolveComponentNames } = await import('../plan/components.js');
  const paths = started.inputs.configPaths;
  if (paths && paths.length > 1) {
    const { RulesSystemPlanner } = await import('./planners/rules-system.js');
    return new RulesSystemPlanner({
      targets: opts.targets && !opts.resume ? opts.targets : await Promise.all(paths.map(loadTarget)),
      disabled: resolveComponentNames(goal.disabledComponents),
      overrides: goal.overrides,
      planOnly: goal.output.mode === 'plan',
      apply: applyRequest(goal),
    });
  }
  return new RulesDeployPlanner({
    target: opts.target && !opts.resume ? opts.target : await loadTarget(started.inputs.configPath!),
    // Ids resolve to themselves; older transcripts stored the names as typed.
    disabled: resolveComponentNames(goal.disabledComponents),
    overrides: goal.overrides,
    planOnly: goal.output.mode === 'plan',
    apply: applyRequest(goal),
  });
}

/** What the session's goal asks of the cluster, for the deploy planners. */
function applyRequest({ kube, apply }: SessionGoal) {
  return apply
    ? {
        dryRun: apply.diffOnly,
        kubeconfig: kube.kubeconfig,
        context: kube.context,
        namespace: kube.namespace,
        forceConflicts: apply.forceConflicts,
        prune: apply.prune,
      }
    : undefined;
}

export async function openSession(opts: OpenSessionOptions): Promise<OpenSession> {
  let setup;
  try {
    setup = await createHub({ mcpConfigPath: opts.mcpConfig });
  } catch (err) {
    if (err instanceof McpConfigError) throw new InputError(err.message, err.details);
    throw err;
  }
  for (const w of setup.warnings) process.stderr.write(`warning: ${safeText(w)}\n`);
  configureHost(setup.host, opts);
  const hub = setup.hub;
  // Credentials from the environment and from mcp.yaml never reach the transcript.
  const store = opts.store ?? new SessionStore(undefined, new Redactor([...secretValuesFromEnv(), ...setup.secrets]));
  let file: SessionFile;
  let state: SessionState;
  let resumed = false;
  if (opts.resume) {
    const opened = openForWriting(store, opts.resume);
    file = opened.file;
    file.addSecrets(setup.secrets);
    state = replay(opened.events);
    resumed = true;
    if (!state.started) {
      file.close();
      throw new InputError(`${file.path}: session ${file.id} has no start event; it cannot be resumed`);
    }
  } else {
    file = store.create({ lock: true });
    file.addSecrets(setup.secrets);
    state = replay([]);
  }
  try {
    return await startSession(opts, hub, file, state, resumed, setup.host);
  } catch (err) {
    // The lock and the servers' child processes go with a session that failed to start.
    file.close();
    await hub.close();
    throw err;
  }
}

/** Who answers external servers' questions and sampling requests in this session. */
function configureHost(host: McpHost, opts: OpenSessionOptions): void {
  if (opts.policy === 'yes') host.elicitRefusal = 'the session runs with --approval yes, so no one is asked';
  else if (opts.elicit) host.elicit = opts.elicit;
  else host.elicitRefusal = 'this run has no one to ask (chat or deploy --interactive can)';
  // The LLM planner answers sampling once the session starts (offerSampling); the rules planner cannot.
  host.samplingRefusal = opts.planner === 'openai' ? "the session's model is not available" : RULES_SAMPLING_REFUSAL;
}

/** The store's refusals are the user's to fix: exit 2 with the file (and line) named. */
function openForWriting(store: SessionStore, ref: string) {
  try {
    return store.openForWriting(ref);
  } catch (err) {
    if (err instanceof SessionNotFound || err instanceof TranscriptError || err instanceof SessionLocked)
      throw new InputError(err.message);
    throw err;
  }
}

/** The kubectl tool's kubeconfig and context, pinned from the session's goal (recorded or from old flags). */
export function kubectlPins(started: EventOf<'session.started'>): { kubeconfig?: string; context?: string } {
  const kube = goalOf(started)?.kube;
  return { kubeconfig: kube?.kubeconfig, context: kube?.context };
}

async function startSession(
  opts: OpenSessionOptions,
  hub: McpHub,
  file: SessionFile,
  state: SessionState,
  resumed: boolean,
  host: McpHost,
): Promise<OpenSession> {
  const engine0 = new SessionEngine({
    hub,
    planner: { name: 'none', next: async () => ({ type: 'done' }) },
    sink: file,
    state,
  });
  if (!resumed) {
    await engine0.emit({
      type: 'session.started',
      sessionId: file.id,
      name: opts.name,
      command: opts.command,
      inputs: {
        configPath: opts.configPath,
        ...(opts.configPaths ? { configPaths: opts.configPaths } : {}),
        goal: opts.goal,
      },
      versions: { kaptainKube: VERSION, node: process.version },
      planner: opts.planner ?? 'rules',
      model: opts.model,
      policy: opts.policy ?? 'ask',
    });
  } else if (opts.policy && opts.policy !== engine0.state.policy) {
    await engine0.emit({ type: 'policy.changed', policy: opts.policy });
  }
  const started = engine0.state.started!;
  const planner = await plannerFor(started, engine0.state, opts, hub);
  const pinnedArgs = { kubectl: kubectlPins(started) };
  const goal = goalOf(started);
  const engine = new SessionEngine({
    hub,
    planner,
    sink: file,
    state: engine0.state,
    approver: opts.approver,
    onEvent: opts.onEvent,
    pinnedArgs,
    // A run that applies to a cluster dry-runs each card's objects against it.
    cluster: goal?.output.mode === 'apply' ? goal.kube : undefined,
    force: opts.force,
    onProgress: opts.onProgress,
  });
  offerSampling(host, engine, planner, opts.approveSampling);
  return {
    engine,
    file,
    hub,
    resumed,
    started,
    async close(reason?: string) {
      try {
        if (reason) await engine.emit({ type: 'session.ended', reason });
      } finally {
        file.close();
        await hub.close();
      }
    },
  };
}
