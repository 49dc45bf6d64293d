import React from 'react';
import { Box, Text } from 'ink';
import type { FormView } from '../elicit-form.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';

/** A server's question: its message, the fields answered so far, and the one being typed. */
export function ElicitForm({ form, input }: { form: FormView; input: string }) {
  const f = form.fields[form.index];
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.accent} paddingX={1}>
      <Text>
        <Text bold>{safeLine(form.server)} asks:</Text> {safeLine(form.message)}
      </Text>
      {form.fields.slice(0, form.index).map((d) => (
        <Text key={d.key} color={theme.dim}>
          {safeLine(d.label)}: {form.answers[d.key] === undefined ? '—' : safeLine(JSON.stringify(form.answers[d.key]))}
        </Text>
      ))}
      {f ? (
        <Text>
          <Text color={theme.accent}>{safeLine(f.label)}</Text>
          {f.description ? <Text color={theme.dim}> — {safeLine(f.description)}</Text> : null}
          <Text color={theme.dim}> ({safeLine(f.hint)})</Text>
        </Text>
      ) : (
        <Text color={theme.dim}>nothing to fill in: Enter sends the answer</Text>
      )}
      {form.error ? <Text color={theme.warn}>{safeLine(form.error)}</Text> : null}
      <Text>
        <Text color={theme.accent}>› </Text>
        {safeLine(input)}
        <Text inverse> </Text>
      </Text>
      <Text color={theme.dim}>Enter takes the default · /decline refuses · Esc dismisses</Text>
    </Box>
  );
}
