// What `mcp serve --http` checks before a request reaches an MCP transport: the Host
// and Origin a browser would send (DNS rebinding), the size of the body, and the values
// of the serve flags. Plain functions over node:http objects, no MCP knowledge.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_IN_FLIGHT = 32;
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

/** A name a request may use in Host (and Origin). No port: any port is accepted. */
export interface AllowedHost {
  hostname: string;
  port?: string;
}

/** A flag value that is not acceptable; the CLI turns it into a usage error (exit 2). */
export class FlagValueError extends Error {}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);
const HOST_RE = /^(\[[0-9a-f:.]+\]|[^:[\]/@?#\s]+)(?::(\d{1,5}))?$/i;

function canonicalHostname(name: string): string | undefined {
  try {
    const u = new URL(`http://${name}`);
    return u.username || u.password || u.pathname !== '/' || u.search || u.hash ? undefined : u.hostname;
  } catch {
    return undefined;
  }
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`, as given to --allowed-host. */
export function parseAllowedHost(value: string): AllowedHost {
  const m = HOST_RE.exec(value.trim());
  const hostname = m && canonicalHostname(m[1]);
  const port = m?.[2];
  if (!hostname || (port !== undefined && Number(port) > 65535))
    throw new FlagValueError(
      'expected a host name or address, optionally with :PORT (e.g. mcp.internal or mcp.internal:8000)',
    );
  return port === undefined ? { hostname } : { hostname, port: String(Number(port)) };
}

/** Loopback names with the listening port, the bound address when it is a specific one, and the extras. */
export function allowedHostsFor(bindHost: string, port: number, extra: AllowedHost[] = []): AllowedHost[] {
  const p = String(port);
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (!WILDCARDS.has(bindHost)) {
    const bound = canonicalHostname(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
    if (bound && !names.includes(bound)) names.push(bound);
  }
  return [...names.map((hostname) => ({ hostname, port: p })), ...extra];
}

function matches(hostname: string, port: string, allowed: AllowedHost[]): boolean {
  return allowed.some((a) => a.hostname === hostname && (a.port === undefined || a.port === port));
}

/** The Host header names an allowed host (port 80 when it names none, as HTTP says). */
export function hostAllowed(hostHeader: string | undefined, allowed: AllowedHost[]): boolean {
  const m = hostHeader ? HOST_RE.exec(hostHeader) : null;
  const hostname = m && canonicalHostname(m[1]);
  return !!hostname && matches(hostname, m[2] === undefined ? '80' : String(Number(m[2])), allowed);
}

/** No Origin (not a browser) is fine; a browser's Origin must name an allowed host. */
export function originAllowed(origin: string | undefined, allowed: AllowedHost[]): boolean {
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return matches(u.hostname, u.port || (u.protocol === 'https:' ? '443' : '80'), allowed);
}

export function jsonRpcError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * Answers and closes the connection: the socket is destroyed after the answer, so an
 * unread body is never received (node would otherwise read and discard it to keep the
 * connection alive) and a handler still running cannot write to it.
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
  res.end(body, () => req.socket.destroy());
}

/**
 * The request body, or 'too-large' as soon as more than maxBytes are declared or have
 * arrived; what arrived so far is dropped and reading stops.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length']) > maxBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      chunks = [];
      req.pause();
      resolve('too-large');
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error('the client closed the connection before the request body ended'));
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** An integer 0–65535 (0: any free port). */
export function parsePort(value: string, min = 0, max = 65535): number {
  const n = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new FlagValueError(`expected a port number ${min}–${max}`);
  return n;
}

/** Bytes: `4194304`, `512KiB`, `4MiB` (K/M are binary too); 1 byte to 1 GiB. */
export function parseByteSize(value: string): number {
  const m = /^(\d{1,10})\s*(k|ki|kib|kb|m|mi|mib|mb)?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * (m[2] ? (m[2][0].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1) : NaN;
  if (!(n >= 1 && n <= 1024 ** 3))
    throw new FlagValueError('expected a size in bytes from 1 to 1GiB, e.g. 4194304, 512KiB or 4MiB');
  return n;
}
