// Connections to servers from mcp.yaml: stdio (a child process, stderr to a log file),
// streamable HTTP, and SSE for legacy servers (tried when streamable HTTP is refused).
// Each failure is reported for its server alone; the others keep working.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { ServerConfig } from './config.js';
import type { ServerSource } from './hub.js';
import { insecureFetch } from './insecure-fetch.js';
import { redactingLog, stdioEnvironment } from './child-env.js';
import { McpHost } from './host-capabilities.js';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kaptain-kube');
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/** Headers a remote server gets: its own, then credentials from `auth` or OAuth. */
export async function authHeaders(s: ServerConfig, fetchImpl: typeof fetch = fetch): Promise<Record<string, string>> {
  const h: Record<string, string> = { ...s.headers };
  const a = s.auth;
  if (a?.type === 'bearer') h.Authorization = `Bearer ${a.token}`;
  if (a?.type === 'basic') h.Authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
  if (a?.type === 'api-key') h[a.headerName] = a.apiKey;
  if (s.oauthConfig) h.Authorization = `Bearer ${await clientCredentialsToken(s, fetchImpl)}`;
  return h;
}

const tokenCache = new Map<string, { token: string; expires: number }>();

/** OAuth 2.0 client-credentials grant, cached until shortly before expiry. */
export async function clientCredentialsToken(s: ServerConfig, fetchImpl: typeof fetch = fetch): Promise<string> {
  const o = s.oauthConfig!;
  const key = `${o.tokenUrl}|${o.clientId}|${o.scopes.join(' ')}`;
  const hit = tokenCache.get(key);
  if (hit && hit.expires > Date.now()) return hit.token;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    ...(o.scopes.length ? { scope: o.scopes.join(' ') } : {}),
  });
  const res = await fetchImpl(o.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString('base64')}`,
    },
    body,
    signal: AbortSignal.timeout(s.timeout * 1000),
  });
  if (!res.ok) throw new Error(`token endpoint ${new URL(o.tokenUrl).host} answered ${res.status}`);
  const json = (await res.json()) as { access_token?: string; expires_in?: number };
  if (!json.access_token) throw new Error(`token endpoint ${new URL(o.tokenUrl).host} returned no access_token`);
  tokenCache.set(key, {
    token: json.access_token,
    expires: Date.now() + Math.max(0, (json.expires_in ?? 300) - 30) * 1000,
  });
  return json.access_token;
}

/** Where a server's log lines (its stderr, its logging notifications) are appended, redacted. */
function serverLog(s: ServerConfig, env: NodeJS.ProcessEnv, logFile: string): (line: string) => void {
  let out: ReturnType<typeof redactingLog> | undefined;
  return (line) => {
    if (!out) {
      mkdirSync(dirname(logFile), { recursive: true });
      out = redactingLog(s, env);
      out.pipe(createWriteStream(logFile, { flags: 'a' })).on('error', () => undefined);
    }
    out.write(line);
  };
}

export function externalSource(
  s: ServerConfig,
  env: NodeJS.ProcessEnv = process.env,
  host: McpHost = new McpHost(),
): ServerSource & { logFile?: string } {
  const transport: ServerSource['transport'] = s.url ? (s.transport === 'sse' ? 'sse' : 'http') : 'stdio';
  const timeoutMs = s.timeout * 1000;
  const logDir = join(stateDir(env), 'mcp-logs');
  const logFile = join(logDir, `${s.name}.log`);
  const notes = serverLog(s, env, logFile);
  if (transport === 'stdio') {
    let lastExit: string | undefined;
    return {
      name: s.name,
      transport,
      hints: s.trusted ? 'trusted' : 'untrusted',
      callTimeoutMs: timeoutMs,
      logFile,
      lastExit: () => lastExit,
      async connect() {
        mkdirSync(logDir, { recursive: true });
        const t = new StdioClientTransport({
          command: s.command!,
          args: s.args,
          env: stdioEnvironment(s, env),
          stderr: 'pipe',
        });
        const log = createWriteStream(logFile, { flags: 'a' });
        t.stderr?.pipe(redactingLog(s, env)).pipe(log);
        const client = host.client(s.name, notes);
        try {
          await withTimeout(client.connect(t), timeoutMs, `starting ${s.command}`);
        } catch (err) {
          await t.close().catch(() => undefined);
          const code = (err as NodeJS.ErrnoException).code;
          throw new Error(
            code === 'ENOENT' ? `command not found: ${s.command}` : `${(err as Error).message} (stderr in ${logFile})`,
          );
        }
        // The SDK keeps the child private; its exit status turns "connection closed" into "crashed (exit code 3)".
        lastExit = undefined;
        (t as unknown as { _process?: ChildProcess })._process?.once(
          'exit',
          (code, signal) => (lastExit = signal ? `killed by ${signal}` : `exit code ${code}`),
        );
        return client;
      },
    };
  }
  // Which transport the last connection actually used: an unpinned URL may fall back to SSE.
  let reached: 'http' | 'sse' | undefined;
  return {
    name: s.name,
    transport,
    hints: s.trusted ? 'trusted' : 'untrusted',
    callTimeoutMs: timeoutMs,
    logFile,
    reached: () => reached,
    async connect() {
      const url = new URL(s.url!);
      const fetchImpl = s.skipVerify ? (insecureFetch as typeof fetch) : fetch;
      const headers = await authHeaders(s, fetchImpl);
      const requestInit = { headers };
      const client = host.client(s.name, notes);
      if (s.transport !== 'sse') {
        try {
          await withTimeout(
            client.connect(new StreamableHTTPClientTransport(url, { requestInit, fetch: fetchImpl })),
            timeoutMs,
            `connecting to ${url.host}`,
          );
          reached = 'http';
          return client;
        } catch (err) {
          // A connection that failed or hung is closed, so no request of it keeps the process alive.
          await client.close().catch(() => undefined);
          // Legacy servers answer streamable HTTP with 4xx; they speak SSE instead.
          const status = (err as { code?: number }).code;
          if (
            s.transport === 'http' ||
            !(typeof status === 'number' && status >= 400 && status < 500 && status !== 401 && status !== 403)
          )
            throw new Error(`${url.host}: ${(err as Error).message}`);
        }
      }
      const sse = host.client(s.name, notes);
      try {
        await withTimeout(
          sse.connect(
            new SSEClientTransport(url, {
              requestInit,
              eventSourceInit: {
                fetch: (u, init) =>
                  fetchImpl(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
              },
              fetch: fetchImpl,
            }),
          ),
          timeoutMs,
          `connecting to ${url.host} over SSE`,
        );
      } catch (err) {
        await sse.close().catch(() => undefined);
        throw err;
      }
      reached = 'sse';
      return sse;
    },
  };
}
