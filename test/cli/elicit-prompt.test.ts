// A server's question asked in scripted chat: answers are read line by line from stdin.
import { describe, expect, it } from 'vitest';
import { askElicitation } from '../../src/cli/elicit-prompt.js';

const request = {
  message: 'Who are you?',
  requestedSchema: {
    type: 'object' as const,
    properties: {
      name: { type: 'string' as const, default: 'John Doe' },
      age: { type: 'integer' as const, minimum: 0 },
      status: { type: 'string' as const, enum: ['active', 'inactive'], default: 'active' },
      verified: { type: 'boolean' as const },
    },
    required: ['age'],
  },
};

function lines(...input: string[]) {
  const written: string[] = [];
  return { next: async () => input.shift(), write: (l: string) => void written.push(l), written };
}

describe('elicitation in scripted chat', () => {
  it('reads one typed answer per field; Enter takes the default; bad answers are asked again', async () => {
    const io = lines('', 'forty', '', '41', 'paused', 'inactive', 'yes');
    expect(await askElicitation(io.next, io.write, 'srv', request)).toEqual({
      action: 'accept',
      content: { name: 'John Doe', age: 41, status: 'inactive', verified: true },
    });
    expect(io.written.join('\n')).toMatch(/srv asks:.*Who are you\?/);
    expect(io.written).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expected a whole number'),
        expect.stringContaining('this field is required'),
        expect.stringContaining('choose one of: active, inactive'),
      ]),
    );
  });

  it('/decline refuses, /cancel or end of input dismisses', async () => {
    expect(await askElicitation(lines('/decline').next, () => undefined, 'srv', request)).toEqual({
      action: 'decline',
    });
    expect(await askElicitation(lines('x', '/cancel').next, () => undefined, 'srv', request)).toEqual({
      action: 'cancel',
    });
    expect(await askElicitation(lines().next, () => undefined, 'srv', request)).toEqual({ action: 'cancel' });
  });
});
