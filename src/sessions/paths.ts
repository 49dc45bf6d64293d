// Where sessions live: $XDG_DATA_HOME/kaptain-kube/sessions, by default
// ~/.local/share/kaptain-kube/sessions; %LOCALAPPDATA% on Windows.
import { homedir } from 'node:os';
import { join } from 'node:path';

function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_DATA_HOME) return env.XDG_DATA_HOME;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  return join(homedir(), '.local', 'share');
}

export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'kaptain-kube', 'sessions');
}

/** Session ids are YYYYMMDD-HHMMSS-xxxx: sortable by time, unique enough per machine. */
export function newSessionId(now: Date = new Date(), random: () => number = Math.random): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-${suffix}`;
}

export const SESSION_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
