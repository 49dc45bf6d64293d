// Serves built-in MCP servers over streamable HTTP (stateless: a fresh server and
// transport per request, so any number of clients can call). 127.0.0.1 by default;
// any other address needs a bearer token, and with a token every request must carry it.
// Before a request reaches a transport it must name an allowed Host (and Origin, when a
// browser sends one) so a web page cannot reach the servers through DNS rebinding; its
// body is bounded, as are the requests in flight and the time each may take.
// These checks are ours rather than the SDK's: its transport options for hosts are
// deprecated exact-string matches, its host middleware is for Express and ignores the
// port, and its body bound leaves the connection open for node to drain the rest.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { loadBuiltinServer, type BuiltinServerName } from '../../mcp/registry.js';
import {
  allowedHostsFor,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  hostAllowed,
  jsonRpcError,
  originAllowed,
  readBody,
  refuse,
  type AllowedHost,
} from './http-guard.js';

export interface HttpServeOptions {
  host?: string;
  port?: number;
  token?: string;
  /** Names accepted in Host and Origin besides loopback ones and the bound address. */
  allowedHosts?: AllowedHost[];
  /** Largest request body, in bytes (413 beyond it). */
  maxBodyBytes?: number;
  /** Requests handled at once (503 beyond it). */
  maxInFlight?: number;
  /** How long one request may take, from its arrival to the end of its answer. */
  requestTimeoutMs?: number;
}

export class InsecureBindError extends Error {}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const got = Buffer.from(req.headers.authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Routes: `/<name>/mcp` for each server (and `/mcp` and `/` when there is only one), `/healthz`. */
export async function serveHttp(
  names: BuiltinServerName[],
  opts: HttpServeOptions = {},
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && !opts.token)
    throw new InsecureBindError(
      `refusing to serve on ${host} without a token: pass --token or set KAPTAIN_MCP_TOKEN (or bind 127.0.0.1)`,
    );
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const modules = new Map(await Promise.all(names.map(async (n) => [n, await loadBuiltinServer(n)] as const)));
  let allowed: AllowedHost[] = [];
  let inFlight = 0;
  // Node's own limits on a slow client: all headers within 10 s, the whole request within 60 s.
  const requestTimeout = Math.min(60_000, timeoutMs);
  const server = createServer(
    { headersTimeout: Math.min(10_000, requestTimeout), requestTimeout },
    (req, res) => void handle(req, res),
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {}); // a late write after a refusal must not take the server down
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Probes (kubelet, HEALTHCHECK) use whatever Host they like; the answer holds nothing but names.
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', servers: names }));
      return;
    }
    if (!hostAllowed(req.headers.host, allowed)) {
      return refuse(
        req,
        res,
        403,
        jsonRpcError(-32000, 'Host not allowed: serve with --allowed-host NAME to accept another name'),
      );
    }
    if (!originAllowed(req.headers.origin, allowed)) {
      return refuse(
        req,
        res,
        403,
        jsonRpcError(-32000, 'Origin not allowed: serve with --allowed-host NAME to accept another name'),
      );
    }
    if (!authorized(req, opts.token)) {
      return refuse(req, res, 401, JSON.stringify({ error: 'missing or wrong bearer token' }), {
        'www-authenticate': 'Bearer',
      });
    }
    // A single server also answers at / so a bare URL (as in the spec's mcp.yaml) works.
    const name =
      (path === '/mcp' || path === '/') && names.length === 1
        ? names[0]
        : (/^\/([a-z0-9-]+)\/mcp$/.exec(path)?.[1] as BuiltinServerName | undefined);
    const mod = name && modules.get(name);
    if (!mod) {
      return refuse(
        req,
        res,
        404,
        JSON.stringify({ error: `no MCP server at ${path}; try ${names.map((n) => `/${n}/mcp`).join(', ')}` }),
      );
    }
    if (req.method !== 'POST') {
      // Stateless servers have no stream to resume and no session to delete.
      return refuse(req, res, 405, '', { allow: 'POST' });
    }
    if (inFlight >= maxInFlight) {
      return refuse(req, res, 503, jsonRpcError(-32000, `busy: ${maxInFlight} requests in flight, try again`), {
        'retry-after': '1',
      });
    }
    inFlight++;
    let reading = true;
    const timer = setTimeout(() => {
      refuse(
        req,
        res,
        reading ? 408 : 503,
        jsonRpcError(-32000, `request timed out after ${Math.round(timeoutMs / 1000)} s`),
      );
    }, timeoutMs);
    res.once('close', () => {
      inFlight--;
      clearTimeout(timer);
    });
    try {
      const raw = await readBody(req, maxBody);
      reading = false;
      if (res.writableEnded || res.destroyed) return;
      if (raw === 'too-large') return refuse(req, res, 413, jsonRpcError(-32000, `request body over ${maxBody} bytes`));
      let message: unknown;
      try {
        message = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(req, res, 400, jsonRpcError(-32700, 'Parse error: the body is not valid JSON'));
      }
      const mcp = mod.createServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, message);
    } catch (err) {
      if (!res.headersSent && !res.destroyed) refuse(req, res, 500, jsonRpcError(-32603, (err as Error).message));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8000, host, resolve);
  });
  const addr = server.address() as AddressInfo;
  allowed = allowedHostsFor(host, addr.port, opts.allowedHosts);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  return {
    server,
    url,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
