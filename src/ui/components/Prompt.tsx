import React from 'react';
import { Box, Text } from 'ink';
import type { UiView } from '../view.js';
import { helpLines } from '../keys.js';
import { SLASH_COMMANDS } from '../slash.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

/** The bottom of the screen: the approval bar, the reason prompt, help, or the input box. */
export function Prompt({ view }: { view: UiView }) {
  switch (view.mode) {
    case 'approval':
      return (
        <Text>
          <Text color={theme.accent}>approve?</Text> <Text bold>y</Text> yes · <Text bold>n</Text> no · <Text bold>a</Text> always · <Text bold>e</Text> edit · <Text bold>d</Text> diff · <Text bold>?</Text> help
        </Text>
      );
    case 'reason':
      return (
        <Text>
          <Text color={theme.warn}>reason (Enter to reject, Esc to go back): </Text>
          {safeLine(view.reason)}
          <Text inverse> </Text>
        </Text>
      );
    case 'help':
      return (
        <Box flexDirection="column">
          {helpLines().map((l) => (
            <Text key={l}>{l}</Text>
          ))}
          <Text color={theme.dim}>{SLASH_COMMANDS.map((c) => `/${c.name}`).join(' ')}</Text>
        </Box>
      );
    case 'busy':
      return <Text color={theme.dim}>… {view.busy?.label ?? 'working'} (Esc cancels)</Text>;
    case 'input':
      return (
        <Box flexDirection="column">
          <Text>
            <Text color={theme.accent}>› </Text>
            {safeLine(view.input)}
            <Text inverse> </Text>
          </Text>
          {view.completions.length > 0 ? <Text color={theme.dim}>{view.completions.slice(0, 6).join('   ')}</Text> : null}
        </Box>
      );
  }
}
