// Stored defaults (model, base URL, planner) in the XDG config directory via `conf`.
// Flags win over environment variables, which win over stored settings.
import Conf from 'conf';

export interface Settings {
  model?: string;
  baseURL?: string;
  planner?: 'rules' | 'openai';
  approval?: 'ask' | 'auto-read' | 'suggest' | 'yes';
}

let store: Conf<Settings> | undefined;
export function settings(): Conf<Settings> {
  return (store ??= new Conf<Settings>({ projectName: 'kaptain-kube', projectSuffix: '', configName: 'settings' }));
}

export function llmSettings(flags: { model?: string }, env: NodeJS.ProcessEnv = process.env) {
  const s = settings();
  return {
    model: flags.model ?? env.KAPTAIN_MODEL ?? s.get('model') ?? 'gpt-4.1-mini',
    baseURL: env.OPENAI_BASE_URL ?? s.get('baseURL'),
    apiKey: env.OPENAI_API_KEY,
  };
}
