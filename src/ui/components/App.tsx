import React, { useEffect, useRef, useState } from 'react';
import { Box, Static, Text, useApp, useInput, useStdout, useWindowSize } from 'ink';
import type { UiController } from '../controller.js';
import type { TranscriptItem, UiView } from '../view.js';

/** The header is printed once, at the top, as the first static item. */
const HEADER: TranscriptItem = { id: 'header', kind: 'notice', text: '' };
import { Header } from './Header.js';
import { TranscriptItemView } from './TranscriptItemView.js';
import { ToolCard } from './ToolCard.js';
import { stopLine } from '../../agent/card-verdict.js';
import { Prompt } from './Prompt.js';
import { StatusLine } from './StatusLine.js';
import { DiffPager } from './DiffPager.js';
import { safeText } from '../../terminal/safe-text.js';

function useView(controller: UiController): UiView {
  const [view, setView] = useState(controller.view);
  useEffect(() => controller.subscribe(setView), [controller]);
  return view;
}

/** The whole screen. Finished items render once in <Static>; only the live area below re-renders. */
export function App({ controller, animate = true }: { controller: UiController; animate?: boolean }) {
  const view = useView(controller);
  const { exit, suspendTerminal } = useApp();
  useEffect(() => {
    controller.suspend = (fn) => suspendTerminal(fn);
  }, [controller, suspendTerminal]);
  const { columns, rows } = useWindowSize();
  const { write } = useStdout();
  // /clear empties the terminal itself, not only the list: old output would stay above otherwise.
  const firstEpoch = useRef(view.epoch);
  useEffect(() => {
    if (view.epoch !== firstEpoch.current) write('\u001b[2J\u001b[3J\u001b[H');
  }, [view.epoch, write]);
  const width = Math.max(40, Math.min(columns || 80, 160));
  useInput((input, key) => {
    void controller.key({ ...key, input }).then((r) => {
      if (r === 'quit') {
        controller.stop();
        exit();
      }
    });
  });
  // The card and prompt get what is left of the screen after header, status and prompt lines.
  const maxDiffLines = Math.max(4, (rows || 24) - 14);
  controller.rows = rows || 24;
  const paging = view.pager && (view.mode === 'pager' || view.mode === 'search') && view.pending;

  return (
    <Box flexDirection="column">
      <Static key={view.epoch} items={[HEADER, ...view.items]}>
        {(item) =>
          item === HEADER ? (
            <Header key="header" header={view.header} width={width} />
          ) : (
            <TranscriptItemView key={item.id} item={item} />
          )
        }
      </Static>
      {paging ? (
        // Full height: the pager is the whole live area while it is open; the transcript stays printed above.
        <DiffPager
          pager={view.pager!}
          title={`${view.pending!.call.server}/${view.pending!.call.tool}`}
          width={width}
          searching={view.mode === 'search'}
        />
      ) : (
        <>
          {view.streaming ? <Text>{safeText(view.streaming)}</Text> : null}
          {view.pending ? (
            <ToolCard
              pending={view.pending}
              width={width}
              maxDiffLines={maxDiffLines}
              stop={stopLine(view.pending.call, view.header.policy)}
            />
          ) : null}
          <Prompt view={view} />
          <StatusLine view={view} animate={animate} />
        </>
      )}
    </Box>
  );
}
