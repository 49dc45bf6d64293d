import React from 'react';
import { Box, Text } from 'ink';
import type { UiView } from '../view.js';
import { approvalBar, helpLines } from '../keys.js';
import { SLASH_COMMANDS } from '../slash.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';
import { ElicitForm } from './ElicitForm.js';

/** The bottom of the screen: the approval bar, the reason prompt, help, or the input box. */
export function Prompt({ view }: { view: UiView }) {
  switch (view.mode) {
    case 'approval':
      // Once a line is being typed the keys are the input line's; the call keeps waiting.
      if (view.input) return <InputLine view={view} hint="Enter runs it · Esc clears · the call keeps waiting" />;
      return (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>approve?</Text>
          {approvalBar().map((b, i) => (
            <Text key={b.key}>
              {i ? ' ·' : ''} <Text bold>{b.key}</Text> {b.word}
            </Text>
          ))}
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
      return <InputLine view={view} />;
    case 'form':
      return view.form ? <ElicitForm form={view.form} input={view.input} /> : null;
    default:
      // The pager draws its own key line.
      return null;
  }
}

const PLACEHOLDER = 'type a command (help lists them) or /help';

function InputLine({ view, hint }: { view: UiView; hint?: string }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-start">
        <Text color={theme.accent}>› </Text>
        {safeLine(view.input)}
        <Text inverse> </Text>
        {view.input ? null : <Text color={theme.dim}> {PLACEHOLDER}</Text>}
      </Text>
      {view.completions.length > 0 ? (
        <Text color={theme.dim}>{view.completions.slice(0, 6).join('   ')}</Text>
      ) : hint ? (
        <Text color={theme.dim}>{hint}</Text>
      ) : null}
    </Box>
  );
}
