// A reason too long for one row wraps on the card, and its continuation rows start under
// the reason's text, not under "because" (a hanging indent), so nothing is cut off.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ToolCard } from '../../src/ui/components/ToolCard.js';

const reason =
  'the plan starts from what the Dockerfile says: ports, user, health checks, the base image and the packages it installs';
const call = {
  type: 'tool.proposed' as const,
  seq: 1,
  at: 't',
  callId: 'call-0001',
  server: 'docker-analysis',
  tool: 'analyze_dockerfile',
  args: { dockerfile_path: 'Dockerfile' },
  readOnly: true,
  reasons: [reason],
};

describe('reasons on the card', () => {
  it('wrap with a hanging indent under the reason text, keeping every word', () => {
    const frame = render(<ToolCard pending={{ call, diffExpanded: false, fileIndex: 0 }} width={60} maxDiffLines={4} />)
      .lastFrame()!
      .split('\n')
      .map((row) => row.replace(/^│ /, '').replace(/\s*│$/, ''));
    const first = frame.findIndex((row) => row.startsWith('because '));
    const rows = [frame[first]];
    for (let i = first + 1; frame[i]?.startsWith(' '.repeat('because '.length)) && frame[i].trim(); i++)
      rows.push(frame[i]);
    expect(rows.length).toBeGreaterThan(1);
    expect(
      rows
        .map((r, i) => (i === 0 ? r.slice('because '.length) : r.trim()))
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(reason);
  });
});
