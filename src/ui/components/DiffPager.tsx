import React from 'react';
import { Box, Text } from 'ink';
import type { PagerLine, PagerView } from '../pager.js';
import { pagerPosition } from '../pager.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

const COLOUR: Record<PagerLine['kind'], string | undefined> = {
  file: theme.accent,
  added: theme.added,
  removed: theme.removed,
  hunk: theme.hunk,
  context: undefined,
};

/** One line of the diff; lines stay the same objects while the window moves, so a scroll redraws only what entered it. */
const PagerRow = React.memo(function PagerRow({ line, match }: { line: PagerLine; match: boolean }) {
  return (
    <Text wrap="truncate-end" color={COLOUR[line.kind]} bold={line.kind === 'file'} inverse={match}>
      {safeLine(line.text) || ' '}
    </Text>
  );
});

/** The call's whole diff, one window of it at a time; keys move the window (see keys.ts). */
export function DiffPager({
  pager,
  title,
  width,
  searching,
}: {
  pager: PagerView;
  title: string;
  width: number;
  searching: boolean;
}) {
  const shown = pager.lines.slice(pager.top, pager.top + pager.height);
  const footer = searching
    ? `/${safeLine(pager.typing ?? '')}`
    : `${pager.note ? `${pager.note} · ` : ''}↑↓ PgUp/PgDn Space g/G · / search · n next · [ ] files · q back`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {safeLine(title)} <Text color={theme.dim}>· {pagerPosition(pager)}</Text>
      </Text>
      {shown.map((l, i) => (
        <PagerRow key={pager.top + i} line={l} match={pager.match === pager.top + i} />
      ))}
      {Array.from({ length: Math.max(0, pager.height - shown.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text color={searching ? undefined : theme.dim} wrap="truncate-end">
        {footer}
        {searching ? <Text inverse> </Text> : null}
      </Text>
    </Box>
  );
}
