// Serves built-in MCP servers over streamable HTTP (stateless: a fresh server and
// transport per request, so any number of clients can call). 127.0.0.1 by default;
// any other address needs a bearer token, and with a token every request must carry it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { loadBuiltinServer, type BuiltinServerName } from '../../mcp/registry.js';

export interface HttpServeOptions {
  host?: string;
  port?: number;
  token?: string;
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

async function body(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

/** Routes: `/<name>/mcp` for each server (and `/mcp` and `/` when there is only one), `/healthz`. */
export async function serveHttp(names: BuiltinServerName[], opts: HttpServeOptions = {}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && !opts.token) throw new InsecureBindError(`refusing to serve on ${host} without a token: pass --token or set KAPTAIN_MCP_TOKEN (or bind 127.0.0.1)`);
  const modules = new Map(await Promise.all(names.map(async (n) => [n, await loadBuiltinServer(n)] as const)));
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', servers: names }));
      return;
    }
    if (!authorized(req, opts.token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: 'missing or wrong bearer token' }));
      return;
    }
    // A single server also answers at / so a bare URL (as in the spec's mcp.yaml) works.
    const name = (path === '/mcp' || path === '/') && names.length === 1 ? names[0] : (/^\/([a-z0-9-]+)\/mcp$/.exec(path)?.[1] as BuiltinServerName | undefined);
    const mod = name && modules.get(name);
    if (!mod) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no MCP server at ${path}; try ${names.map((n) => `/${n}/mcp`).join(', ')}` }));
      return;
    }
    if (req.method !== 'POST') {
      // Stateless servers have no stream to resume and no session to delete.
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    try {
      const mcp = mod.createServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, await body(req));
    } catch (err) {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (err as Error).message }));
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8000, host, resolve);
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  return { server, url, close: () => new Promise((r) => server.close(() => r())) };
}
