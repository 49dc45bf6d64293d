import { describe, expect, it } from 'vitest';
import {
  ContextTooSmall,
  defaultContextTokens,
  estimateRequest,
  fitContext,
  outputReserve,
  type Block,
} from '../../src/agent/planners/llm-budget.js';

const turn = (i: number, size = 400): Block => ({
  messages: [
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: `c${i}`,
          type: 'function',
          function: { name: 'generate_component', arguments: `{"component":"step-${i}"}` },
        },
      ],
    },
    { role: 'tool', tool_call_id: `c${i}`, content: `result ${i} ${'x'.repeat(size)}` },
  ],
  note: `generate_component step-${i} → file-${i}.yaml`,
});
const user: Block = { messages: [{ role: 'user', content: 'deploy the app' }], note: 'user: deploy the app' };
const tools = [
  { type: 'function' as const, function: { name: 'plan', parameters: { type: 'object', properties: {} } } },
];

describe('the context budget', () => {
  it('knows common models and gives unknown local ones 8,192 tokens', () => {
    expect(defaultContextTokens('gpt-4.1-mini')).toBe(1_047_576);
    expect(defaultContextTokens('gpt-4o-mini')).toBe(128_000);
    expect(defaultContextTokens('some-local-model:7b')).toBe(8192);
  });

  it('keeps the task and the newest turns whole, folds older ones into notes, and stays under the budget', () => {
    const blocks = [user, ...Array.from({ length: 40 }, (_, i) => turn(i))];
    const { messages, tokens, compacted } = fitContext('SYSTEM', blocks, tools, { contextTokens: 2000 });
    expect(tokens).toBeLessThanOrEqual(2000 - outputReserve(2000));
    expect(estimateRequest(messages, tools)).toBe(tokens);
    expect(compacted).toBeGreaterThan(30);
    expect(messages[1]).toEqual({ role: 'user', content: 'deploy the app' });
    // The newest turn is whole; every kept tool message follows its assistant turn.
    expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'c39' });
    const system = String(messages[0].content);
    expect(system).toContain('Earlier in this session (compacted');
    expect(system).toMatch(/generate_component: step-\d+, step-\d+/);
  });

  it('sends everything unchanged (but the oldest turns as notes) when it fits', () => {
    const { messages, compacted } = fitContext('SYSTEM', [user, turn(1), turn(2)], tools, { contextTokens: 100_000 });
    expect(compacted).toBe(0);
    expect(messages[0]).toEqual({ role: 'system', content: 'SYSTEM' });
    expect(messages).toHaveLength(6);
  });

  it('names what does not fit when the newest item alone is too large', () => {
    expect(() => fitContext('SYSTEM', [user, turn(1, 40_000)], tools, { contextTokens: 8192 })).toThrow(
      ContextTooSmall,
    );
    expect(() => fitContext('SYSTEM', [user, turn(1, 40_000)], tools, { contextTokens: 8192 })).toThrow(
      /the newest message with its tool results \(\d+ tokens, plus \d+ for the prompt and tools\) do not fit the model's context of 8192 tokens \(6144 after 2048 kept for the answer\)/,
    );
  });
});
