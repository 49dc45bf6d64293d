// A fetch that skips TLS certificate verification, for mcp.yaml entries with
// `skipVerify: true` (test servers with self-signed certificates). Only those servers use it.
import { request } from 'node:https';
import { Readable } from 'node:stream';

export async function insecureFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.protocol !== 'https:') return fetch(input, init);
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body =
    init.body === undefined || init.body === null
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : Buffer.from(await new Response(init.body).arrayBuffer());
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, rejectUnauthorized: false }, (res) => {
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
      const status = res.statusCode ?? 0;
      const stream = status === 204 || status === 304 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      resolve(new Response(stream, { status, statusText: res.statusMessage, headers: responseHeaders }));
    });
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
