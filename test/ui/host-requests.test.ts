// A server's requests while one of its tools runs, in the terminal UI: its question
// (elicitation) as a small form built from the requested schema, and its use of the
// session's model (sampling) as a card approved or rejected like a call.
import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type Planner } from '../../src/agent/engine.js';
import { UiController } from '../../src/ui/controller.js';

/** Idle: a planner standing in for either planner; it never moves (the requests come from a server). */
const idle: Planner = { name: 'rules', next: async () => ({ type: 'wait' }) };

function controller(): UiController {
  const engine = new SessionEngine({
    hub: { findTool: async () => undefined, callTool: async () => ({ isError: true, text: '', raw: { content: [] } }) },
    planner: idle,
    sink: new MemorySink(),
  });
  return new UiController({
    engine,
    resumed: false,
    started: {
      type: 'session.started',
      seq: 0,
      at: 'T',
      sessionId: 's1',
      command: 'chat',
      inputs: {},
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'openai',
      policy: 'ask',
    },
    file: { id: 's1' },
  });
}

const QUESTION = {
  message: 'Who are you?',
  requestedSchema: {
    type: 'object' as const,
    properties: {
      name: { type: 'string' as const, title: 'Name' },
      age: { type: 'integer' as const, minimum: 0 },
      color: { type: 'string' as const, enum: ['red', 'green'], default: 'green' },
      subscribe: { type: 'boolean' as const },
    },
    required: ['name', 'age'],
  },
};

async function type(c: UiController, line: string): Promise<void> {
  if (line) await c.key({ input: line });
  await c.key({ input: '', return: true });
}

describe('elicitation in the terminal UI', () => {
  it('asks each field of the schema on a form, checks the answers and fills in defaults', async () => {
    const c = controller();
    const answer = c.elicit('everything', QUESTION);
    expect(c.view.mode).toBe('form');
    expect(c.view.form).toMatchObject({ server: 'everything', message: 'Who are you?', index: 0 });
    expect(c.view.form!.fields.map((f) => `${f.label} (${f.hint})`)).toEqual([
      'Name (string, required)',
      'age (integer, required)',
      'color (string, red|green, default "green")',
      'subscribe (boolean)',
    ]);
    await type(c, ''); // a required field left empty
    expect(c.view.form!.error).toBe('this field is required');
    await type(c, 'Ann');
    await type(c, 'old'); // not a number
    expect(c.view.form!).toMatchObject({ index: 1, error: 'expected a whole number' });
    await type(c, '41');
    await type(c, ''); // color: its default
    await type(c, ''); // subscribe: optional, left out
    expect(await answer).toEqual({ action: 'accept', content: { name: 'Ann', age: 41, color: 'green' } });
    expect(c.view.mode).toBe('busy');
    expect(c.view.form).toBeUndefined();
  });

  it('Esc dismisses the question and /decline refuses it', async () => {
    const c = controller();
    const dismissed = c.elicit('everything', QUESTION);
    await c.key({ input: '', escape: true });
    expect(await dismissed).toEqual({ action: 'cancel' });
    const declined = c.elicit('everything', QUESTION);
    await type(c, '/decline');
    expect(await declined).toEqual({ action: 'decline' });
  });
});

describe('sampling in the terminal UI', () => {
  const request = {
    messages: [{ role: 'user' as const, content: { type: 'text' as const, text: 'hello' } }],
    maxTokens: 100,
  };

  it('shows the request on a card; y approves it', async () => {
    const c = controller();
    const decision = c.approveSampling('everything', request);
    expect(c.view.mode).toBe('approval');
    expect(c.view.pending!.call).toMatchObject({
      server: 'everything',
      tool: 'sampling',
      reasons: ["it asks the session's model: hello"],
    });
    await c.key({ input: 'y' });
    expect(await decision).toEqual({ approve: true });
  });

  it('n with a reason rejects it', async () => {
    const c = controller();
    const decision = c.approveSampling('everything', request);
    await c.key({ input: 'n' });
    await type(c, 'too costly');
    expect(await decision).toEqual({ approve: false, reason: 'too costly' });
  });
});
