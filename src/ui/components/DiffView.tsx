import React from 'react';
import { Box, Text } from 'ink';
import type { FileDiffData } from '../../sessions/events.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';
import { fileSummary } from '../pager.js';

const COLLAPSED_LINES = 6;
const SUMMARY_FILES = 4;

/** A summary line per file (`+120 −0 path`), then the first lines of the selected file's diff; d opens the pager. */
export function DiffView({
  diff,
  index,
  expanded,
  width,
  maxLines,
}: {
  diff: FileDiffData[];
  index: number;
  expanded: boolean;
  width: number;
  maxLines: number;
}) {
  if (diff.length === 0) return <Text color={theme.dim}> (no change to the manifests)</Text>;
  const file = diff[Math.min(index, diff.length - 1)];
  const body = file.patch
    .split('\n')
    .filter(
      (l) =>
        !l.startsWith('Index:') && !l.startsWith('====') && !l.startsWith('--- ') && !l.startsWith('+++ ') && l !== '',
    );
  const limit = expanded ? maxLines : COLLAPSED_LINES;
  const shown = body.slice(0, limit);
  return (
    <Box flexDirection="column">
      {diff.slice(0, SUMMARY_FILES).map((d) => (
        <Text key={d.path} wrap="truncate-end" color={d === file ? undefined : theme.dim}>
          {d === file ? '▸ ' : '  '}
          {safeLine(fileSummary(d))}
        </Text>
      ))}
      {diff.length > SUMMARY_FILES ? (
        <Text color={theme.dim}> … {diff.length - SUMMARY_FILES} more files ([ ] to switch)</Text>
      ) : null}
      {shown.map((l, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          color={
            l.startsWith('+')
              ? theme.added
              : l.startsWith('-')
                ? theme.removed
                : l.startsWith('@@')
                  ? theme.hunk
                  : undefined
          }
        >
          {safeLine(l.slice(0, width))}
        </Text>
      ))}
      {body.length > shown.length ? (
        <Text color={theme.dim}>… {body.length - shown.length} more lines (d opens the whole diff)</Text>
      ) : null}
    </Box>
  );
}
