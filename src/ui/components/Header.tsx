import React from 'react';
import { Box, Text } from 'ink';
import type { UiView } from '../view.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

/** Two short lines, so the whole session id stays visible at 80 columns. */
export function Header({ header, width }: { header: UiView['header']; width: number }) {
  const model = header.model ? ` (${safeLine(header.model)})` : '';
  return (
    <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={width} flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          KaptainKube
        </Text>
        <Text color={theme.dim}>
          {' '}
          · {safeLine(header.cluster)} · planner {header.planner}
          {model} · approval {header.policy}
        </Text>
      </Text>
      <Text color={theme.dim} wrap="truncate-end">
        session {safeLine(header.session)}
        {header.resumed ? ' (resumed)' : ''}
      </Text>
    </Box>
  );
}
