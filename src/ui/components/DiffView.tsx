import React from 'react';
import { Box, Text } from 'ink';
import type { FileDiffData } from '../../agent/events.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

const COLLAPSED_LINES = 6;

/** One file's unified diff, coloured, collapsed to a few lines until expanded. */
export function DiffView({ diff, index, expanded, width, maxLines }: { diff: FileDiffData[]; index: number; expanded: boolean; width: number; maxLines: number }) {
  if (diff.length === 0) return <Text color={theme.dim}>  (no change to the manifests)</Text>;
  const file = diff[Math.min(index, diff.length - 1)];
  const body = file.patch.split('\n').filter((l) => !l.startsWith('Index:') && !l.startsWith('====') && l !== '');
  const limit = expanded ? maxLines : COLLAPSED_LINES;
  const shown = body.slice(0, limit);
  return (
    <Box flexDirection="column">
      <Text color={theme.dim}>
        file {Math.min(index, diff.length - 1) + 1}/{diff.length}: {safeLine(file.path)} (+{file.added} −{file.removed}){diff.length > 1 ? '  [ ] or ←/→ to switch' : ''}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" color={l.startsWith('+') ? theme.added : l.startsWith('-') ? theme.removed : l.startsWith('@@') ? theme.hunk : undefined}>
          {safeLine(l.slice(0, width))}
        </Text>
      ))}
      {body.length > shown.length ? <Text color={theme.dim}>… {body.length - shown.length} more lines (d to {expanded ? 'collapse' : 'expand'})</Text> : null}
    </Box>
  );
}
