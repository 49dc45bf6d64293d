// One quantity grammar: the config schema, the deploy flags and the chat language accept
// and refuse the same values (they once had three grammars: chat refused 1Pi).
import { describe, expect, it } from 'vitest';
import { quantity } from '../../src/app-config/schema.js';
import { checkQuantity } from '../../src/app-config/quantity.js';
import { parseChatCommand } from '../../src/agent/commands.js';

const GOOD = ['500m', '2', '0.5', '.5', '512Mi', '2Gi', '1Pi', '1Ei', '1e3', '1E-2', '+1', '100n', '1k', '3T'];
const BAD = ['1PiB', '512MB', '-1', 'abc', '1 Gi', '1mi', '1Gb', '0x10', 'Gi'];

const bySchema = (v: string) => quantity('memory').safeParse(v).success;
const byFlag = (v: string) => {
  try {
    checkQuantity('--resources-memory', v);
    return true;
  } catch {
    return false;
  }
};
const byChat = (v: string) => parseChatCommand(`set memory ${v}`)?.kind === 'set';

describe('quantity grammar', () => {
  for (const [value, ok] of [...GOOD.map((v) => [v, true] as const), ...BAD.map((v) => [v, false] as const)]) {
    it(`${ok ? 'accepts' : 'refuses'} "${value}" in the schema, the flags and chat alike`, () => {
      expect([bySchema(value), byFlag(value), byChat(value)]).toEqual([ok, ok, ok]);
    });
  }

  it('names the flag and an example when it refuses', () => {
    expect(() => checkQuantity('--resources-cpu', '1 core')).toThrow(
      /--resources-cpu "1 core" is not a Kubernetes quantity; use a value such as 500m or 2/,
    );
    const chat = parseChatCommand('set memory 1PiB');
    expect(chat?.kind === 'error' && chat.message).toMatch(/512Mi or 2Gi/);
  });
});
