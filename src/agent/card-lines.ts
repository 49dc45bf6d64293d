// A card's verdict and blast radius as text lines, for every face: the summary line of
// each, and with `expanded` every finding (file:line) and every fact of the blast radius.
import type { BlastRadius, CardVerdict } from '../sessions/card-review.js';
import { formatVerdictFinding, verdictLine } from './card-verdict.js';
import { blastDetails, blastLine } from './blast-radius.js';

/** Collapsed, the summary and the first error a policy would stop on: a card must fit 80×24. */
export function verdictLines(v: CardVerdict, expanded: boolean): string[] {
  const shown = expanded ? v.added : v.added.filter((f) => f.severity === 'error' && !f.provisional).slice(0, 1);
  return [
    `checks: ${verdictLine(v)}`,
    ...shown.map((f) => `  ${formatVerdictFinding(f)}${f.provisional ? ' (a later step may add what it lacks)' : ''}`),
  ];
}

export function blastLines(b: BlastRadius, expanded: boolean): string[] {
  return [`changes: ${blastLine(b)}`, ...(expanded ? blastDetails(b).map((l) => `  ${l}`) : [])];
}

/** Plain-text faces print everything: there is no key to expand it later. */
export function reviewLines(p: { verdict?: CardVerdict; blast?: BlastRadius }): string[] {
  return [...(p.verdict ? verdictLines(p.verdict, true) : []), ...(p.blast ? blastLines(p.blast, true) : [])];
}
