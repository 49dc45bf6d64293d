import React, { useEffect, useState } from 'react';
import { Text } from 'ink';
import type { UiView } from '../view.js';
import { theme } from '../theme.js';
import { safeLine } from '../../terminal/safe-text.js';
import { formatUsage } from '../../agent/planners/llm-usage.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Files changed, decision counts, model tokens in/out (and cost), and a spinner with elapsed time while work runs. */
export function StatusLine({ view, animate = true }: { view: UiView; animate?: boolean }) {
  const [tick, setTick] = useState(0);
  const busy = view.busy;
  useEffect(() => {
    if (!busy || !animate) return;
    const t = setInterval(() => setTick((n) => n + 1), 120);
    return () => clearInterval(t);
  }, [busy, animate]);
  const elapsed = busy ? Math.max(0, Math.floor((Date.now() - busy.since) / 1000)) : 0;
  return (
    <Text color={theme.dim} wrap="truncate-end">
      {busy ? `${FRAMES[tick % FRAMES.length]} ${busy.label} ${elapsed}s · ` : ''}
      {view.status.files} file{view.status.files === 1 ? '' : 's'} · {view.status.approved} approved ·{' '}
      {view.status.rejected} rejected · {view.header.policy}
      {view.status.usage ? ` · ${formatUsage(view.status.usage, view.status.price)}` : ''}
      {view.notice ? ` · ${safeLine(view.notice)}` : ''}
    </Text>
  );
}
