import React from 'react';
import { Box, Text } from 'ink';
import type { UiView } from '../view.js';
import { theme } from '../theme.js';

export function Header({ header, width }: { header: UiView['header']; width: number }) {
  const model = header.model ? ` (${header.model})` : '';
  const line = `${header.cluster} · planner ${header.planner}${model} · approval ${header.policy} · session ${header.session}${header.resumed ? ' (resumed)' : ''}`;
  return (
    <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold color={theme.accent}>
        KaptainKube{' '}
      </Text>
      <Text color={theme.dim} wrap="truncate-end">
        {line}
      </Text>
    </Box>
  );
}
