// Model usage as people read it: tokens in and out for the session, and a cost when the
// settings hold a price for the model (per million tokens).
import type { SessionUsage } from '../../sessions/state.js';

export interface Price {
  input: number;
  output: number;
}

const k = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n));

function costOf(u: Pick<SessionUsage, 'inputTokens' | 'outputTokens'>, price: Price): number {
  return (u.inputTokens * price.input + u.outputTokens * price.output) / 1_000_000;
}

/** "tokens 12.3k in / 1.2k out" (with "~" when estimated) and "$0.0123" when priced. */
export function formatUsage(
  u: SessionUsage | undefined,
  price?: Price,
  opts: { exact?: boolean } = {},
): string | undefined {
  if (!u) return undefined;
  const n = opts.exact ? String : k;
  const approx = u.estimated ? '~' : '';
  const cost = price ? ` · $${costOf(u, price).toFixed(4)}` : '';
  return `tokens ${approx}${n(u.inputTokens)} in / ${approx}${n(u.outputTokens)} out${cost}`;
}
