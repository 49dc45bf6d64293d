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
import type { OAuthSettings, ServerConfig } from './config.js';
import type { ServerSource } from './hub.js';
import { insecureFetch } from './insecure-fetch.js';
import { redactingLog, stdioEnvironment } from './child-env.js';
import { McpHost } from './host-capabilities.js';
import { hostClient } from './host-client.js';
import { oauthFetch } from './oauth-fetch.js';
import { McpOAuthProvider, SIGN_IN_TIMEOUT_MS } from './oauth-provider.js';
import { OAuthStore } from './oauth-store.js';
import { Redactor } from '../sessions/redact.js';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kaptain-kube');
}

/** `paused` stops the clock while it is true (a person signing in is not the server being slow). */
function withTimeout<T>(p: Promise<T>, ms: number, what: string, paused?: () => boolean): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      const arm = () =>
        (timer = setTimeout(
          () => (paused?.() ? arm() : reject(new Error(`${what} timed out after ${ms / 1000}s`))),
          ms,
        ));
      arm();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Headers a remote server gets: its own, then credentials from `auth` or OAuth. */
export async function authHeaders(s: ServerConfig, fetchImpl: typeof fetch = fetch): Promise<Record<string, string>> {
  const h: Record<string, string> = { ...s.headers };
  const a = s.auth;
  if (a?.type === 'bearer') h.Authorization = `Bearer ${a.token}`;
  if (a?.type === 'basic') h.Authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
  if (a?.type === 'api-key') h[a.headerName] = a.apiKey;
  if (s.oauthConfig?.tokenUrl) h.Authorization = `Bearer ${await clientCredentialsToken(s, fetchImpl)}`;
  return h;
}

const tokenCache = new Map<string, { token: string; expires: number }>();

/** OAuth 2.0 client-credentials grant, cached until shortly before expiry. */
export async function clientCredentialsToken(s: ServerConfig, fetchImpl: typeof fetch = fetch): Promise<string> {
  const o = s.oauthConfig as Required<NonNullable<ServerConfig['oauthConfig']>>;
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

/**
 * The OAuth provider for a remote entry: `auth: {type: oauth}` as configured, oauthConfig
 * without a tokenUrl as client credentials, and an entry with no credentials of its own
 * as a browser sign-in when the server asks for one (a 401). None for the other entries.
 */
function oauthProvider(s: ServerConfig, env: NodeJS.ProcessEnv): McpOAuthProvider | undefined {
  let settings: OAuthSettings | undefined;
  if (s.auth?.type === 'oauth') settings = s.auth;
  else if (s.oauthConfig && !s.oauthConfig.tokenUrl)
    settings = {
      type: 'oauth',
      grant: 'client_credentials',
      clientId: s.oauthConfig.clientId,
      clientSecret: s.oauthConfig.clientSecret,
      scopes: s.oauthConfig.scopes,
      signingAlgorithm: 'RS256',
    };
  else if (!s.auth && !s.oauthConfig && !Object.keys(s.headers).some((k) => /^authorization$/i.test(k)))
    settings = { type: 'oauth', grant: 'authorization_code', scopes: [], signingAlgorithm: 'RS256' };
  if (!settings) return undefined;
  return new McpOAuthProvider({ name: s.name, key: new URL(s.url!).href, settings, store: oauthStore(env), env });
}

/** A server's error text, as a person or the model reads it: it may quote the credentials it was sent. */
const hideSecrets = (text: string) => new Redactor().text(text);

const oauthStore = (env: NodeJS.ProcessEnv) => new OAuthStore(join(stateDir(env), 'mcp-oauth.json'));

/** Tokens kept from earlier sign-ins to these servers, so a session's redactor knows their values too. */
export function storedOAuthSecrets(servers: readonly ServerConfig[], env: NodeJS.ProcessEnv = process.env): string[] {
  const store = oauthStore(env);
  return servers
    .filter((s) => s.url)
    .flatMap((s) => {
      const t = store.get(new URL(s.url!).href).tokens;
      return [t?.access_token, t?.refresh_token].filter((v): v is string => !!v && v.length >= 6);
    });
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
        const client = hostClient(host, s.name, notes);
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
      const plainFetch = s.skipVerify ? (insecureFetch as typeof fetch) : fetch;
      const oauth = oauthProvider(s, env);
      const fetchImpl = oauth ? oauthFetch(oauth, url, plainFetch) : plainFetch;
      const waiting = () => oauth?.waitingForPerson ?? false;
      // The SDK's own deadline for `initialize` (a minute) must not cut a person's sign-in short; `withTimeout` keeps the real one.
      const connectOptions = oauth ? { timeout: timeoutMs + SIGN_IN_TIMEOUT_MS } : undefined;
      const headers = await authHeaders(s, plainFetch);
      const requestInit = { headers };
      const client = hostClient(host, s.name, notes);
      if (s.transport !== 'sse') {
        try {
          await withTimeout(
            client.connect(new StreamableHTTPClientTransport(url, { requestInit, fetch: fetchImpl }), connectOptions),
            timeoutMs,
            `connecting to ${url.host}`,
            waiting,
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
            throw new Error(`${url.host}: ${hideSecrets((err as Error).message)}`);
        }
      }
      const sse = hostClient(host, s.name, notes);
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
            connectOptions,
          ),
          timeoutMs,
          `connecting to ${url.host} over SSE`,
          waiting,
        );
      } catch (err) {
        await sse.close().catch(() => undefined);
        if (err instanceof Error) err.message = hideSecrets(err.message);
        throw err;
      }
      reached = 'sse';
      return sse;
    },
  };
}
