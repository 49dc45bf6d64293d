import React from 'react';
import { Box, Text } from 'ink';
import type { PendingView } from '../view.js';
import { summariseArgs } from '../view.js';
import { describeHints } from '../../agent/approval.js';
import { theme } from '../theme.js';
import { DiffView } from './DiffView.js';
import { CardReview } from './CardReview.js';
import { safeLine } from '../../terminal/safe-text.js';

/** A proposed call waiting for a decision: what, why, what the checks say of it, what it changes, and its diff. */
export function ToolCard({
  pending,
  width,
  maxDiffLines,
  stop,
}: {
  pending: PendingView;
  width: number;
  maxDiffLines: number;
  /** Why the policy stopped on this call instead of running it. */
  stop?: string;
}) {
  const c = pending.call;
  const hints = describeHints(c.hints);
  return (
    <Box
      flexDirection="column"
      borderStyle="single"
      borderColor={c.readOnly ? theme.ok : theme.warn}
      paddingX={1}
      width={width}
    >
      <Text>
        <Text bold>
          {safeLine(c.server)}/{safeLine(c.tool)}
        </Text>{' '}
        <Text color={c.readOnly ? theme.ok : theme.warn}>[{c.readOnly ? 'read-only' : 'world-changing'}]</Text>
      </Text>
      {hints && (
        <Text color={theme.warn} wrap="truncate-end">
          {hints}
        </Text>
      )}
      <Text color={theme.dim} wrap="truncate-end">
        {summariseArgs(c.args, width - 6)}
      </Text>
      {c.reasons.slice(0, 3).map((r, i) => (
        // A reason that wraps continues under its own text, not under "because".
        <Box key={i}>
          <Box flexShrink={0} marginRight={1}>
            <Text>because</Text>
          </Box>
          <Box flexShrink={1}>
            <Text wrap="wrap">{safeLine(r)}</Text>
          </Box>
        </Box>
      ))}
      <CardReview verdict={c.verdict} blast={c.blast} expanded={pending.reviewExpanded === true} stop={stop} />
      <DiffView
        diff={c.diff ?? []}
        index={pending.fileIndex}
        expanded={pending.diffExpanded}
        width={width - 4}
        maxLines={maxDiffLines}
      />
    </Box>
  );
}
