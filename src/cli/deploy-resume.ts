// `deploy --resume ID|latest` continues what the session recorded: its config and its
// goal come from the transcript, so no CONFIG is needed. A CONFIG given anyway must be
// the same app; another app's file is refused rather than silently ignored.
import { loadAppConfig } from '../app-config/loader.js';
import { InputError } from '../errors.js';
import { expandConfigArgs } from './deploy-configs.js';
import type { SessionGoal } from '../sessions/events.js';
import { goalOf } from '../sessions/goal.js';
import { SessionNotFound, SessionStore, TranscriptError } from '../sessions/store.js';

export interface ResumedDeploy {
  id: string;
  /** The session's configs: one app, or every app of a system (the first is configPath). */
  configPaths: string[];
  configPath: string;
  goal: SessionGoal;
}

const appNames = async (paths: readonly string[]) =>
  (await Promise.all(paths.map(async (p) => (await loadAppConfig(p)).config.metadata.name))).sort();

export async function resumedDeploy(ref: string, configArg: string | string[] | undefined): Promise<ResumedDeploy> {
  let opened;
  try {
    // Read only: the session is locked when it is opened for writing, after the checks.
    opened = new SessionStore().open(ref);
  } catch (err) {
    if (err instanceof SessionNotFound || err instanceof TranscriptError) throw new InputError(err.message);
    throw err;
  }
  const { file, events } = opened;
  const started = events.find((e) => e.type === 'session.started');
  if (!started || started.type !== 'session.started')
    throw new InputError(`${file.path}: session ${file.id} has no start event; it cannot be resumed`);
  if (started.command !== 'deploy')
    throw new InputError(
      `session ${file.id} is a ${started.command} session; continue it with: kaptain-kube ${started.command} --resume ${file.id}`,
    );
  if (!started.inputs.configPath)
    throw new InputError(`${file.path}: session ${file.id} records no config; it cannot be resumed by deploy`);
  const configPath = started.inputs.configPath;
  const configPaths = started.inputs.configPaths ?? [configPath];
  const goal = goalOf(started)!;
  if (configArg !== undefined) {
    // A directory names its configs, as for a new run.
    const given = expandConfigArgs([configArg].flat());
    const [mine, theirs] = [await appNames(given), await appNames(configPaths)];
    if (mine.join() !== theirs.join()) {
      const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
      throw new InputError(
        `${given.join(' ')} ${mine.length > 1 ? 'are the apps' : 'is the app'} ${quoted(mine)}, but session ${file.id} deploys ${quoted(theirs)}`,
        [
          `resume it without CONFIG: kaptain-kube deploy --resume ${file.id}`,
          `or start a new session: kaptain-kube deploy ${given.join(' ')}`,
        ],
      );
    }
  }
  return { id: file.id, configPaths, configPath, goal };
}
