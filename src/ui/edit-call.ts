// "e" on a card: the call's arguments in $EDITOR, checked as JSON and against the tool's
// schema, then proposed again through the engine, so the card shows the diff they now cause
// and the edit is approved on its own.
import type { SessionEngine } from '../agent/engine.js';
import { safeJson } from '../terminal/safe-text.js';
import { SAMPLING_CARD } from './host-requests.js';
import type { PendingView, UiView } from './view.js';

export type Suspend = (fn: () => void | Promise<void>) => Promise<void>;

export interface ArgEditing {
  /** Opens $EDITOR on JSON and returns the edited text (undefined when unchanged or cancelled). */
  editJson?: (json: string, suspend: Suspend) => Promise<string | undefined>;
  /** Validates edited arguments against the tool's input schema; returns an error message or undefined. */
  validateArgs?: (server: string, tool: string, args: Record<string, unknown>) => Promise<string | undefined>;
}

/** The view after the edit: the new card, or a notice saying why it was refused; undefined when nothing changes. */
export async function editCall(
  p: PendingView | undefined,
  editing: ArgEditing,
  engine: Pick<SessionEngine, 'revise'>,
  suspend: Suspend,
): Promise<Partial<UiView> | undefined> {
  // A sampling request has no arguments to edit.
  if (!p || !editing.editJson || p.call.callId.startsWith(SAMPLING_CARD)) return;
  // Escaped, so bidi or C1 characters in the arguments cannot disguise them in the editor.
  const edited = await editing.editJson(safeJson(JSON.stringify(p.call.args, null, 2)), suspend);
  if (edited === undefined) return;
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(edited) as Record<string, unknown>;
  } catch (err) {
    return { notice: `the edited arguments are not valid JSON: ${(err as Error).message}` };
  }
  const problem = await editing.validateArgs?.(p.call.server, p.call.tool, args);
  if (problem) return { notice: `edited arguments rejected by the tool's schema: ${problem}` };
  const r = await engine.revise(p.call, args);
  if ('problem' in r) return { notice: r.problem };
  return {
    mode: 'approval',
    pending: { call: r.proposal, diffExpanded: false, fileIndex: 0 },
    notice: 'edited: review the new diff, then y to approve it',
  };
}
