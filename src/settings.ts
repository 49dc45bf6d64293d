// Stored defaults (model, base URL, planner) in the XDG config directory via `conf`.
// Flags win over environment variables, which win over stored settings.
import Conf from 'conf';
import type { ApprovalPolicy } from './vocabulary.js';

export interface Settings {
  model?: string;
  baseURL?: string;
  planner?: 'rules' | 'openai';
  approval?: ApprovalPolicy;
  /** Context window in tokens per model name, for models the built-in table does not know. */
  contextTokens?: Record<string, number>;
  /** Prices per million tokens per model name, for the cost line of `sessions show` and the status line. */
  prices?: Record<string, { input: number; output: number }>;
  /** What `sessions prune` keeps when given no flags: sessions younger than olderThan ("30d") and the newest keep. */
  sessionRetention?: { olderThan?: string; keep?: number };
}

let store: Conf<Settings> | undefined;
export function settings(): Conf<Settings> {
  return (store ??= new Conf<Settings>({ projectName: 'kaptain-kube', projectSuffix: '', configName: 'settings' }));
}

export function llmSettings(flags: { model?: string; contextTokens?: number }, env: NodeJS.ProcessEnv = process.env) {
  const s = settings();
  const model = flags.model ?? env.KAPTAIN_MODEL ?? s.get('model') ?? 'gpt-4.1-mini';
  return {
    model,
    /** Undefined: the planner's table by model name (8,192 for unknown ones). */
    contextTokens: flags.contextTokens ?? s.get('contextTokens')?.[model],
    baseURL: env.OPENAI_BASE_URL ?? s.get('baseURL'),
    apiKey: env.OPENAI_API_KEY,
  };
}

/** The stored price of a model, when the settings have one. */
export function priceFor(model: string | undefined): { input: number; output: number } | undefined {
  if (!model) return undefined;
  try {
    return settings().get('prices')?.[model];
  } catch {
    return undefined;
  }
}
