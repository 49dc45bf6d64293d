// Where OAuth state for mcp.yaml's servers lives between runs: one JSON file, readable by
// its owner only (0600, in a 0700 directory), keyed by server URL. It holds access and
// refresh tokens and dynamically registered clients, so it is never printed or logged.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';

export interface StoredOAuth {
  /** What the authorization server returned, unchanged (the SDK stamps it with its issuer). */
  tokens?: OAuthTokens;
  /** When the tokens were saved (ms since the epoch), for their expiry. */
  tokensSavedAt?: number;
  /** A client this program registered dynamically (never a pre-registered one from mcp.yaml). */
  client?: OAuthClientInformationMixed;
  /** The authorization server a client from mcp.yaml was first accepted by: its secret goes to no other. */
  configuredClient?: { client_id: string; issuer: string };
}

const fileSchema = z.object({
  version: z.literal(1),
  servers: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export class OAuthStore {
  constructor(readonly file: string) {}

  get(server: string): StoredOAuth {
    return (this.readAll()[server] ?? {}) as StoredOAuth;
  }

  /** Read, change and write back in one synchronous step, so servers sharing the file do not lose each other's state. */
  update(server: string, change: (entry: StoredOAuth) => StoredOAuth): void {
    const all = this.readAll();
    const next = change({ ...((all[server] ?? {}) as StoredOAuth) });
    if (Object.values(next).every((v) => v === undefined)) delete all[server];
    else all[server] = next as Record<string, unknown>;
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A directory others could write to would let them swap or redirect the file: it becomes the owner's alone.
    if (process.platform !== 'win32' && statSync(dir).mode & 0o077) chmodSync(dir, 0o700);
    // An unguessable name, created new (never through a symlink someone planted there).
    const tmp = `${this.file}.${randomBytes(8).toString('hex')}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, servers: all }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // The mode given to writeFile is masked by the umask: set it outright.
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  private readAll(): Record<string, Record<string, unknown>> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    // A damaged file only costs a new sign-in; it is replaced on the next save.
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.servers : {};
    } catch {
      return {};
    }
  }
}
