// The per-request time limit of `mcp serve --http` when the tool itself never returns.
// The real HTTP server in this process on 127.0.0.1, port 0, serving a stand-in server.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';

/** fakeHangingServer — stands in for a built-in server whose `hang` tool never answers (a stuck kubectl, a FIFO read). */
function fakeHangingServer(): Server {
  const server = new Server({ name: 'fake-hanging', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [{ name: 'hang', inputSchema: { type: 'object' as const } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, () => new Promise<never>(() => {}));
  return server;
}

vi.mock('../../mcp/registry.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mcp/registry.js')>()),
  loadBuiltinServer: async () => ({ definition: {}, createServer: fakeHangingServer }),
}));

const { serveHttp } = await import('../../src/mcp-server/http.js');

describe('a request that outlasts its time', () => {
  it('is cut off (503, or the stream closed) and the slot is given back; the server keeps serving', async () => {
    const s = await serveHttp(['docker-analysis'], {
      host: '127.0.0.1',
      port: 0,
      requestTimeoutMs: 400,
      maxInFlight: 1,
    });
    const call = (method: string, params: object) =>
      fetch(`${s.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
    try {
      const hung = await call('tools/call', { name: 'hang', arguments: {} }).then(
        async (r) =>
          r.status === 200
            ? r.text().then(
                () => 'stream ended',
                () => 'stream cut',
              )
            : String(r.status),
        () => 'connection cut',
      );
      expect(['503', 'stream cut', 'connection cut']).toContain(hung);
      // With one slot, a second request is served only if the hung one gave its slot back.
      const next = await call('tools/list', {});
      expect(next.status).toBe(200);
      expect(await next.text()).toContain('hang');
    } finally {
      await s.close();
    }
  }, 10_000);
});
