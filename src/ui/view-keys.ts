// What a key does to the screen alone: the diff pager, the card's folds and file, help,
// and the line being typed. Keys that answer a call, leave or move the session are the
// controller's; these only return the change to the view (undefined when nothing changes).
import type { UiAction } from './keys.js';
import { movePager, openPager, type PagerMove } from './pager.js';
import type { UiView } from './view.js';

const PAGER_MOVES: Record<
  'scroll-up' | 'scroll-down' | 'page-up' | 'page-down' | 'top' | 'bottom' | 'next-match',
  PagerMove
> = {
  'scroll-up': 'up',
  'scroll-down': 'down',
  'page-up': 'page-up',
  'page-down': 'page-down',
  top: 'top',
  bottom: 'bottom',
  'next-match': 'next-match',
};

export interface ScreenFacts {
  /** Terminal rows; the pager fills them. */
  rows: number;
  /** Completions for the input line as typed so far. */
  complete(input: string): string[];
}

function pagerHeight(rows: number): number {
  // A title and a key line around the diff, and one row spare so the frame never scrolls.
  return Math.max(3, rows - 3);
}

/** Typed text goes to the pager's search, the rejection reason, or the input line. */
export function typeText(v: UiView, text: string, complete: ScreenFacts['complete']): Partial<UiView> {
  if (v.mode === 'search' && v.pager) return { pager: { ...v.pager, typing: (v.pager.typing ?? '') + text } };
  if (v.mode === 'reason') return { reason: v.reason + text };
  return { input: v.input + text, completions: complete(v.input + text) };
}

export function viewKeyChange(v: UiView, action: UiAction, screen: ScreenFacts): Partial<UiView> | undefined {
  const p = v.pending;
  switch (action) {
    case 'toggle-diff':
      if (!p) return;
      if (!p.call.diff?.length) return { notice: 'this call changes no manifest' };
      return { mode: 'pager', pager: openPager(p.call.diff, pagerHeight(screen.rows), p.fileIndex) };
    case 'toggle-review':
      if (p) return { pending: { ...p, reviewExpanded: !p.reviewExpanded } };
      return;
    case 'scroll-up':
    case 'scroll-down':
    case 'page-up':
    case 'page-down':
    case 'top':
    case 'bottom':
    case 'next-match':
      if (v.pager) return { pager: movePager(v.pager, PAGER_MOVES[action]) };
      return;
    case 'search':
      if (v.pager) return { mode: 'search', pager: { ...v.pager, typing: '' } };
      return;
    case 'close-pager':
      return { mode: p ? 'approval' : 'input', pager: undefined };
    case 'next-file':
    case 'prev-file':
      if (v.mode === 'pager' && v.pager) return { pager: movePager(v.pager, action) };
      if (p && p.call.diff?.length) {
        const n = p.call.diff.length;
        return { pending: { ...p, fileIndex: (p.fileIndex + (action === 'next-file' ? 1 : n - 1)) % n } };
      }
      return;
    case 'help':
      return { mode: 'help' };
    case 'close-help':
      return { mode: p ? 'approval' : 'input' };
    case 'clear-line':
      if (v.mode === 'search' && v.pager) return { pager: { ...v.pager, typing: '' } };
      if (v.mode === 'reason') return { reason: '' };
      return { input: '', completions: [] };
    case 'backspace':
      if (v.mode === 'search' && v.pager) return { pager: { ...v.pager, typing: (v.pager.typing ?? '').slice(0, -1) } };
      if (v.mode === 'reason') return { reason: v.reason.slice(0, -1) };
      return { input: v.input.slice(0, -1), completions: screen.complete(v.input.slice(0, -1)) };
    case 'complete':
      if (v.completions.length === 1) return { input: `${v.completions[0].split(' ')[0]} `, completions: [] };
      return;
  }
}
