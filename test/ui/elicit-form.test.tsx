// The form the terminal UI shows for a server's question: message, answered fields, the
// field being typed with its type, choices and default, and the keys.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ElicitForm } from '../../src/ui/components/ElicitForm.js';
import { openForm, submitForm, type FormView } from '../../src/ui/elicit-form.js';

describe('ElicitForm', () => {
  it('shows the question, what was answered and the field being asked', () => {
    let form = openForm('everything', {
      message: 'Pick one',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Your name' },
          color: { type: 'string', enum: ['red', 'green'], default: 'green', description: 'favourite' },
        },
        required: ['name'],
      },
    }) as FormView;
    form = submitForm(form, 'Ann') as FormView;
    const frame = render(<ElicitForm form={form} input="re" />).lastFrame()!;
    expect(frame).toContain('everything asks: Pick one');
    expect(frame).toContain('Your name: "Ann"');
    expect(frame).toContain('color — favourite (string, red|green, default "green")');
    expect(frame).toContain('› re');
    expect(frame).toContain('Enter takes the default · /decline refuses · Esc dismisses');
  });
});
