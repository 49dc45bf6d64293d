import React from 'react';
import { Box, Text } from 'ink';
import type { TranscriptItem } from '../view.js';
import { theme } from '../theme.js';

const DECISION: Record<string, string> = { approve: '✓ approved', 'always-allow': '✓ always allowed', edit: '✓ edited and approved', reject: '✗ rejected', suggested: '• recorded (suggest)' };

export function TranscriptItemView({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case 'user':
      return (
        <Text color={theme.user}>
          {'› '}
          {item.text}
        </Text>
      );
    case 'assistant':
      return <Text>{item.text}</Text>;
    case 'notice':
      return <Text color={theme.dim}>{item.text}</Text>;
    case 'error':
      return <Text color={theme.bad}>error: {item.text}</Text>;
    case 'result':
      return <Text color={theme.bad}>  ✗ {item.text}</Text>;
    case 'call': {
      const ok = item.decision !== 'reject';
      return (
        <Text>
          <Text color={ok ? theme.ok : theme.bad}>{DECISION[item.decision] ?? item.decision}</Text> {item.server}/{item.tool}
          <Text color={theme.dim}>
            {' '}
            {item.by === 'user' ? 'by you' : `by ${item.by}`}
            {item.reason ? ` — ${item.reason}` : ''}
          </Text>
        </Text>
      );
    }
    case 'change':
      return (
        <Box flexDirection="column" marginLeft={2}>
          {item.files.map((f) => (
            <Text key={f.path} color={theme.dim}>
              {f.change.padEnd(8)} {f.path} <Text color={theme.added}>+{f.added}</Text> <Text color={theme.removed}>−{f.removed}</Text>
            </Text>
          ))}
        </Box>
      );
  }
}
