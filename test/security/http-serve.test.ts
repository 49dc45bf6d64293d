// `mcp serve --http` against requests a hostile web page or client would send: the real
// server in this process on 127.0.0.1, port 0, reached with node:http so Host and Origin
// can be set freely. All traffic stays on 127.0.0.1.
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp, type HttpServeOptions } from '../../src/mcp-server/http.js';
import { hostAllowed, originAllowed, parseAllowedHost } from '../../src/mcp-server/http-guard.js';

type Served = Awaited<ReturnType<typeof serveHttp>>;
const TOOLS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function portOf(s: Served): number {
  return Number(new URL(s.url).port);
}

function start(opts: HttpServeOptions = {}): Promise<Served> {
  return serveHttp(['docker-analysis'], { host: '127.0.0.1', port: 0, ...opts });
}

/** Opens a POST to /mcp on 127.0.0.1 whatever Host the headers name; the caller writes the body. */
function open(port: number, headers: Record<string, string> = {}): ClientRequest {
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/mcp',
    method: 'POST',
    agent: false,
    headers: { ...MCP_HEADERS, ...headers },
  });
  req.on('error', () => {}); // a connection the server cuts is what some tests expect
  return req;
}

async function reply(req: ClientRequest): Promise<{ status: number; text: string; res: IncomingMessage }> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode ?? 0, text, res };
}

function post(port: number, headers: Record<string, string> = {}, body = TOOLS_LIST) {
  const req = open(port, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  req.end(body);
  return reply(req);
}

const closed = (req: ClientRequest) =>
  new Promise<void>((r) => (req.socket?.destroyed ? r() : req.once('close', () => r())));
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
};

describe('Host and Origin (DNS rebinding)', () => {
  let s: Served;
  let port: number;
  beforeAll(async () => {
    s = await start({ allowedHosts: [parseAllowedHost('mcp.internal')] });
    port = portOf(s);
  });
  afterAll(() => s?.close());

  it('refuses a Host that is not a loopback name, before any tool runs', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
    ]) {
      const r = await post(port, { host });
      expect(r.status, host).toBe(403);
      expect(r.text).not.toContain('analyze_dockerfile');
    }
  });

  it('accepts loopback names on the listening port only', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`])
      expect((await post(port, { host })).status, host).toBe(200);
    expect((await post(port, { host: `localhost:${port + 1}` })).status).toBe(403);
  });

  it('refuses a browser Origin that is not allowed with 403; no Origin or a loopback one is fine', async () => {
    const host = `127.0.0.1:${port}`;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      'null',
      `http://localhost:${port + 1}`,
      `file://localhost:${port}`,
    ]) {
      const r = await post(port, { host, origin });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.text).error.code).toBe(-32000);
    }
    expect((await post(port, { host, origin: `http://localhost:${port}` })).status).toBe(200);
    const ok = await post(port, { host });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('analyze_dockerfile');
  });

  it('an allowed host admits that name in Host and Origin, on any port when none is given', async () => {
    expect((await post(port, { host: `mcp.internal:${port}`, origin: `https://mcp.internal` })).status).toBe(200);
    expect((await post(port, { host: 'mcp.internal' })).status).toBe(200);
    expect((await post(port, { host: 'other.internal' })).status).toBe(403);
  });

  it('parses allowed names strictly', () => {
    expect(parseAllowedHost('MCP.Internal:8000')).toEqual({ hostname: 'mcp.internal', port: '8000' });
    for (const bad of ['user@evil.example', 'a/b', 'x:99999', '', 'a b'])
      expect(() => parseAllowedHost(bad), bad).toThrow();
    const allowed = [{ hostname: 'localhost', port: '80' }];
    expect(hostAllowed('localhost', allowed)).toBe(true);
    expect(hostAllowed('user@localhost', allowed)).toBe(false);
    expect(originAllowed('http://localhost', allowed)).toBe(true);
    expect(originAllowed('https://localhost', allowed)).toBe(false);
  });
});

describe('request bodies', () => {
  const LIMIT = 64 * 1024;
  let s: Served;
  let port: number;
  beforeAll(async () => {
    s = await start({ maxBodyBytes: LIMIT });
    port = portOf(s);
  });
  afterAll(() => s?.close());

  it('a declared body over the limit gets 413 without being read, and the connection is closed', async () => {
    const req = open(port, { 'content-length': String(100 * 1024 * 1024) });
    req.flushHeaders(); // the 100 MB never follow: a server that waits for them never answers
    const r = await reply(req);
    expect(r.status).toBe(413);
    await closed(req);
  }, 10_000);

  it('a streamed body stops being read once over the limit: the client cannot push 48 MB', async () => {
    const CAP = 48 * 1024 * 1024;
    const req = open(port); // no content-length: chunked, so only the bytes that arrive count
    let status: number | undefined;
    let over = false;
    req.on('response', (res) => {
      status = res.statusCode;
      res.resume();
    });
    req.on('close', () => (over = true));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    while (!over && written < CAP) {
      written += chunk.length;
      if (!req.write(chunk)) {
        await new Promise<void>((r) => {
          const go = () => (req.off('drain', go).off('close', go), r());
          req.on('drain', go).on('close', go);
        });
      }
    }
    if (!over) req.destroy();
    // Kernel buffers on both sides hold a few MB at most; a server that reads on takes all 48.
    expect(written).toBeLessThan(CAP);
    if (status !== undefined) expect(status).toBe(413);
    // Nothing is left behind: the next request is served normally.
    expect((await post(port)).status).toBe(200);
  }, 20_000);

  it('a malformed JSON body gets HTTP 400 with a JSON-RPC parse error (-32700)', async () => {
    for (const body of ['{"jsonrpc": "2.0", "id": 1, "method": ', 'not json', '']) {
      const r = await post(port, {}, body);
      expect(r.status, body).toBe(400);
      expect(JSON.parse(r.text), body).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null });
    }
  });
});

describe('limits on requests in flight and their time', () => {
  it('refuses requests beyond the in-flight limit with 503, and serves again once they end', async () => {
    const s = await start({ maxInFlight: 2 });
    const port = portOf(s);
    let arrived = 0;
    let finished = 0;
    s.server.on('request', (_req, res) => {
      arrived++;
      res.on('close', () => finished++);
    });
    try {
      // Two slow clients: bodies announced at 100 bytes, only 10 sent.
      const held = [open(port, { 'content-length': '100' }), open(port, { 'content-length': '100' })];
      for (const h of held) h.write('{"jsonrpc"');
      await until(() => arrived === 2);
      const busy = await post(port);
      expect(busy.status).toBe(503);
      expect(busy.res.headers['retry-after']).toBe('1');
      for (const h of held) h.destroy();
      await until(() => finished >= 2);
      expect((await post(port)).status).toBe(200);
    } finally {
      await s.close();
    }
  }, 15_000);

  it('a request that does not finish in time is answered 408 and its connection closed', async () => {
    const s = await start({ requestTimeoutMs: 300 });
    try {
      const req = open(portOf(s), { 'content-length': '100' });
      req.write('{"jsonrpc"'); // and never the rest
      const r = await reply(req);
      expect(r.status).toBe(408);
      expect(JSON.parse(r.text).error.message).toContain('timed out');
      await closed(req);
    } finally {
      await s.close();
    }
  }, 10_000);
});
