// A running call in the terminal UI: its progress reports show on the busy line, and Esc
// cancels it: the server is sent notifications/cancelled (its handler's signal aborts), the
// transcript records an error result saying so, and the UI waits for input.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { MemorySink, SessionEngine, type Planner, type PlannerMove } from '../../src/agent/engine.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import type { SessionState } from '../../src/sessions/state.js';
import { UiController } from '../../src/ui/controller.js';

/** SlowServer: stands in for an external server whose one tool runs until it is cancelled. */
function slowServer(seen: { started: boolean; cancelled?: string }): Server {
  const server = new Server({ name: 'slow', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [{ name: 'wait', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const token = req.params._meta?.progressToken;
    if (token !== undefined)
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: 1, total: 4, message: 'warming up\u001b[2J' },
      });
    seen.started = true;
    return new Promise((resolve) =>
      extra.signal.addEventListener('abort', () => {
        seen.cancelled = String(extra.signal.reason);
        resolve({ content: [{ type: 'text', text: 'stopped' }] });
      }),
    );
  });
  return server;
}

/** OneCall: a planner standing in for either planner; proposes slow/wait once, then waits for the user. */
class OneCall implements Planner {
  readonly name = 'rules';
  async next(state: SessionState): Promise<PlannerMove> {
    return state.calls.length === 0
      ? { type: 'call', call: { server: 'slow', tool: 'wait', args: {}, reasons: ['wait'] } }
      : { type: 'wait' };
  }
}

describe('Esc on a running call', () => {
  it('sends notifications/cancelled, records a cancelled result and returns to the input line', async () => {
    const seen: { started: boolean; cancelled?: string } = { started: false };
    const hub = new McpHub([
      {
        name: 'slow',
        transport: 'stdio',
        hints: 'untrusted',
        async connect() {
          const [a, b] = InMemoryTransport.createLinkedPair();
          const client = new Client({ name: 'kaptain-kube', version: '0' });
          await Promise.all([slowServer(seen).connect(b), client.connect(a)]);
          return client;
        },
      },
    ]);
    const sink = new MemorySink(() => 'T');
    let controller: UiController | undefined;
    const engine = new SessionEngine({
      hub,
      planner: new OneCall(),
      sink,
      onEvent: (e) => controller?.onEvent(e),
      onProgress: (p) => controller?.onProgress(p),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's1',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'yes',
    });
    controller = new UiController({ engine, resumed: false, started: engine.state.started!, file: { id: 's1' } });
    const running = controller.run();
    await vi.waitFor(() => expect(seen.started).toBe(true));
    expect(controller.view.mode).toBe('busy');
    // The server's progress report is on the busy line, its control sequence made harmless.
    await vi.waitFor(() => expect(controller!.view.busy?.label).toMatch(/^running slow\/wait 1\/4 warming up/));
    expect(controller.view.busy?.label).not.toContain('\u001b');

    await controller.key({ input: '', escape: true });
    await vi.waitFor(() => expect(controller!.view.mode).toBe('input'));
    expect(seen.cancelled).toBeDefined();
    const result = sink.events.find((e) => e.type === 'tool.result');
    expect(result).toMatchObject({ isError: true, text: 'slow/wait was cancelled by the user before it finished' });
    expect(controller.view.items.at(-1)).toMatchObject({ kind: 'notice', text: 'cancelled' });
    controller.stop();
    await running;
    await hub.close();
  });
});
