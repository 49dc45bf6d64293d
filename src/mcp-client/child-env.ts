// What a stdio server's process gets: the MCP SDK's minimal environment (PATH, HOME, USER,
// SHELL, TERM, LOGNAME — or their Windows equivalents) plus the `env` its mcp.yaml entry
// names, so OPENAI_API_KEY, cloud credentials and tokens in the user's shell stay with the
// user. `inheritEnv: true` hands a server the whole environment when it really needs it.
// Its stderr goes to a log file with secret values redacted.
import { Transform } from 'node:stream';
import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Redactor, secretValuesFromEnv } from '../sessions/redact.js';
import { secretValuesOf, type ServerConfig } from './config.js';

export function stdioEnvironment(
  s: Pick<ServerConfig, 'env' | 'inheritEnv'>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const base: Record<string, string> = {};
  const names = s.inheritEnv ? Object.keys(env) : DEFAULT_INHERITED_ENV_VARS;
  for (const k of names) {
    const v = env[k];
    // A value starting with "()" is an exported shell function, never needed by a server.
    if (v !== undefined && !v.startsWith('()')) base[k] = v;
  }
  return { ...base, ...s.env };
}

/** A pass-through for a server's stderr that redacts each complete line before it is logged. */
export function redactingLog(s: ServerConfig, env: NodeJS.ProcessEnv = process.env): Transform {
  const redactor = new Redactor([...secretValuesFromEnv(env), ...secretValuesOf([s])]);
  let rest = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = rest + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      rest = text.slice(cut);
      // A line without an end is held back (up to 64 KiB) so a secret is never split across writes.
      if (rest.length > 65_536) {
        done(null, redactor.text(text));
        rest = '';
        return;
      }
      done(null, cut > 0 ? redactor.text(text.slice(0, cut)) : undefined);
    },
    flush(done) {
      done(null, rest ? redactor.text(rest) : undefined);
    },
  });
}
