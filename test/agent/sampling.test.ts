// MCP sampling in a session: a server's sampling/createMessage is put to the person like a
// call, answered by the planner's model when approved (recorded with its usage), refused
// with the reason otherwise, and refused outright with the rules planner.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import {
  offerSampling,
  RULES_SAMPLING_REFUSAL,
  type SamplingApprover,
  type SamplingRequest,
} from '../../src/agent/sampling.js';
import { McpHost } from '../../src/mcp-client/host-capabilities.js';
import { hostClient } from '../../src/mcp-client/host-client.js';
import type { Policy } from '../../src/sessions/events.js';

/** EchoModel: stands in for the LLM planner's model; answers with what it was asked. */
const echoModel = {
  name: 'openai',
  next: async () => ({ type: 'wait' as const }),
  sample: async (r: SamplingRequest) => ({
    text: `model says: ${(r.messages[0].content as { text: string }).text}`,
    usage: { model: 'scripted', inputTokens: 7, outputTokens: 3, estimated: false },
  }),
};
/** RulesLike: stands in for the rules planner, which has no model. */
const rulesLike = { name: 'rules', next: async () => ({ type: 'wait' as const }) };

async function sessionWith(planner: object, policy: Policy, approve?: SamplingApprover) {
  const sink = new MemorySink(() => 'T');
  const engine = new SessionEngine({
    hub: {
      findTool: async () => undefined,
      callTool: async () => {
        throw new Error('no calls');
      },
    },
    planner: planner as never,
    sink,
  });
  await engine.emit({
    type: 'session.started',
    sessionId: 's1',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'openai',
    policy,
  });
  const host = new McpHost();
  host.samplingRefusal = RULES_SAMPLING_REFUSAL;
  offerSampling(host, engine, planner, approve);
  // A server (the SDK's, as any external server is) that asks our client for a completion.
  const server = new Server({ name: 'asker', version: '1' }, { capabilities: {} });
  const client = hostClient(host, 'asker');
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  const ask = () =>
    server.request(
      {
        method: 'sampling/createMessage',
        params: { messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }], maxTokens: 50 },
      },
      CreateMessageResultSchema,
    );
  return { ask, sink, close: () => client.close() };
}

describe('sampling through the session', () => {
  it('approved on the card: the model answers, the answer and its usage are recorded', async () => {
    const asked: string[] = [];
    const s = await sessionWith(echoModel, 'ask', async (server) => (asked.push(server), { approve: true }));
    const r = await s.ask();
    expect(r.content).toEqual({ type: 'text', text: 'model says: hello' });
    expect(asked).toEqual(['asker']);
    const types = s.sink.events.map((e) => e.type);
    expect(types).toContain('model.usage');
    expect(s.sink.events.at(-1)).toMatchObject({
      type: 'sampling',
      server: 'asker',
      request: 'hello',
      decision: 'approve',
      by: 'user',
      answer: 'model says: hello',
    });
    await s.close();
  });

  it('rejected on the card: the server gets a refusal with the reason', async () => {
    const s = await sessionWith(echoModel, 'ask', async () => ({ approve: false, reason: 'not now' }));
    await expect(s.ask()).rejects.toThrow(`kaptain-kube refused "asker"'s sampling request: not now`);
    expect(s.sink.events.at(-1)).toMatchObject({ type: 'sampling', decision: 'reject', by: 'user', reason: 'not now' });
    await s.close();
  });

  it('under --approval yes it runs without asking, recorded as the policy’s decision', async () => {
    const s = await sessionWith(echoModel, 'yes', async () => {
      throw new Error('nobody should be asked');
    });
    expect((await s.ask()).content).toEqual({ type: 'text', text: 'model says: hello' });
    expect(s.sink.events.at(-1)).toMatchObject({ type: 'sampling', decision: 'approve', by: 'policy' });
    await s.close();
  });

  it('with the rules planner it is refused, saying why and what to do', async () => {
    const s = await sessionWith(rulesLike, 'ask', async () => ({ approve: true }));
    await expect(s.ask()).rejects.toThrow(
      'the rules planner has no model to sample with (chat with --llm-provider openai to allow it)',
    );
    await s.close();
  });
});
