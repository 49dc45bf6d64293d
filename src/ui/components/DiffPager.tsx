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
        <Text
          key={pager.top + i}
          wrap="truncate-end"
          color={COLOUR[l.kind]}
          bold={l.kind === 'file'}
          inverse={pager.match === pager.top + i}
        >
          {safeLine(l.text) || ' '}
        </Text>
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
