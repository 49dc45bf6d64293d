import React from 'react';
import { Text } from 'ink';
import type { BlastRadius, CardVerdict } from '../../sessions/card-review.js';
import { blastLines, verdictLines } from '../../agent/card-lines.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

/** A card's verdict and blast radius: a line each, every finding and fact when expanded (`v`). */
export function CardReview({
  verdict,
  blast,
  expanded,
  stop,
}: {
  verdict?: CardVerdict;
  blast?: BlastRadius;
  expanded: boolean;
  /** Why a policy that would run the call stopped on it. */
  stop?: string;
}) {
  const errors = verdict?.added.some((f) => f.severity === 'error' && !f.provisional);
  const warnings = verdict?.added.length;
  const colour = errors ? theme.bad : warnings ? theme.warn : theme.ok;
  return (
    <>
      {verdict &&
        verdictLines(verdict, expanded).map((line, i) => (
          <Text key={`v${i}`} color={i === 0 ? colour : undefined} wrap={expanded ? 'wrap' : 'truncate-end'}>
            {safeLine(line)}
            {i === 0 && !expanded && <Text color={theme.dim}> (v: details)</Text>}
          </Text>
        ))}
      {blast &&
        blastLines(blast, expanded).map((line, i) => (
          <Text key={`b${i}`} color={i === 0 ? undefined : theme.dim} wrap={expanded ? 'wrap' : 'truncate-end'}>
            {safeLine(line)}
          </Text>
        ))}
      {stop && (
        <Text color={theme.bad} wrap="wrap">
          {safeLine(stop)}
        </Text>
      )}
    </>
  );
}
