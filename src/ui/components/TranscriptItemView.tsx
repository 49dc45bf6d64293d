import React from 'react';
import { Box, Text } from 'ink';
import type { TranscriptItem } from '../view.js';
import { theme } from '../theme.js';
import { safeLine, safeText } from '../../terminal/safe-text.js';

const DECISION: Record<string, string> = {
  approve: '✓ approved',
  'always-allow': '✓ always allowed',
  edit: '✓ edited and approved',
  reject: '✗ rejected',
  suggested: '• recorded (suggest)',
};

export function TranscriptItemView({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case 'user':
      return (
        <Text color={theme.user}>
          {'› '}
          {safeText(item.text)}
        </Text>
      );
    case 'assistant':
      return <HangingText text={safeText(item.text)} />;
    case 'notice':
      return <Text color={theme.dim}>{safeText(item.text)}</Text>;
    case 'error':
      return <Text color={theme.bad}>error: {safeText(item.text)}</Text>;
    case 'result':
      return <Text color={theme.bad}> ✗ {safeLine(item.text)}</Text>;
    case 'call': {
      const ok = item.decision !== 'reject';
      return (
        <Text>
          <Text color={ok ? theme.ok : theme.bad}>{DECISION[item.decision] ?? item.decision}</Text>{' '}
          {safeLine(item.server)}/{safeLine(item.tool)}
          <Text color={theme.dim}>
            {' '}
            {/* The reason already says whose decision it was ("approved by policy …"): said once. */}
            {item.by === 'user'
              ? 'by you'
              : item.reason
                ? `— ${safeLine(item.reason.replace(/^approved /, ''))}`
                : `by ${safeLine(item.by)}`}
            {item.by === 'user' && item.reason ? ` — ${safeLine(item.reason)}` : ''}
          </Text>
        </Text>
      );
    }
    case 'change':
      return (
        <Box flexDirection="column" marginLeft={2}>
          {item.files.map((f) => (
            <Text key={f.path} color={theme.dim}>
              {f.change.padEnd(8)} {safeLine(f.path)} <Text color={theme.added}>+{f.added}</Text>{' '}
              <Text color={theme.removed}>−{f.removed}</Text>
            </Text>
          ))}
        </Box>
      );
  }
}

/** Each line wraps under its own text, past its indent and list marker ("  ✓ cost: …"), so lists stay readable. */
function HangingText({ text }: { text: string }) {
  return (
    <Box flexDirection="column">
      {text.split('\n').map((line, i) => {
        const lead = /^\s*(?:[✓✗!•*-] )?/.exec(line)![0];
        return (
          <Box key={i}>
            <Text>{lead}</Text>
            <Box flexShrink={1}>
              <Text wrap="wrap">{line.slice(lead.length) || ' '}</Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
