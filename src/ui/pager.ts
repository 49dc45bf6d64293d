// The diff pager as plain data: every file of a call's diff in one scrollable list of
// lines, with a position, a search and file boundaries. The controller moves it; the
// DiffPager component only draws the window it describes.
import type { FileDiffData } from '../sessions/events.js';

type PagerLineKind = 'file' | 'added' | 'removed' | 'hunk' | 'context';

export interface PagerLine {
  text: string;
  kind: PagerLineKind;
}

export interface PagerView {
  lines: PagerLine[];
  /** Index of the first line shown. */
  top: number;
  /** Lines of the diff that fit on the screen (set from the terminal's height). */
  height: number;
  query?: string;
  /** Line index of the current match. */
  match?: number;
  /** The search being typed after "/". */
  typing?: string;
  /** Last outcome worth saying (no match, wrapped, …). */
  note?: string;
}

/** One file's summary for the card: `+120 −0 k8s-manifests/04-deployment.yaml`. */
export function fileSummary(d: FileDiffData): string {
  return `+${d.added} −${d.removed} ${d.path}${d.change === 'added' || d.change === 'removed' ? ` (${d.change})` : ''}`;
}

export function pagerLines(diff: FileDiffData[]): PagerLine[] {
  const out: PagerLine[] = [];
  diff.forEach((d, i) => {
    out.push({ text: `── file ${i + 1}/${diff.length}: ${fileSummary(d)}`, kind: 'file' });
    for (const l of d.patch.split('\n')) {
      // The patch's own file header repeats what the file line says.
      if (l === '' || l.startsWith('Index:') || l.startsWith('====') || l.startsWith('--- ') || l.startsWith('+++ '))
        continue;
      out.push({
        text: l,
        kind: l.startsWith('+') ? 'added' : l.startsWith('-') ? 'removed' : l.startsWith('@@') ? 'hunk' : 'context',
      });
    }
  });
  return out;
}

export function openPager(diff: FileDiffData[], height: number, fileIndex = 0): PagerView {
  const p: PagerView = { lines: pagerLines(diff), top: 0, height: Math.max(3, height) };
  const starts = fileStarts(p);
  return { ...p, top: clampTop(p, starts[Math.min(fileIndex, starts.length - 1)] ?? 0) };
}

const maxTop = (p: PagerView) => Math.max(0, p.lines.length - p.height);
const clampTop = (p: PagerView, top: number) => Math.max(0, Math.min(maxTop(p), top));
const fileStarts = (p: PagerView) => p.lines.flatMap((l, i) => (l.kind === 'file' ? [i] : []));

export type PagerMove =
  'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom' | 'next-file' | 'prev-file' | 'next-match';

export function movePager(p: PagerView, move: PagerMove): PagerView {
  const page = Math.max(1, p.height - 1);
  switch (move) {
    case 'up':
      return { ...p, top: clampTop(p, p.top - 1), note: undefined };
    case 'down':
      return { ...p, top: clampTop(p, p.top + 1), note: undefined };
    case 'page-up':
      return { ...p, top: clampTop(p, p.top - page), note: undefined };
    case 'page-down':
      return { ...p, top: clampTop(p, p.top + page), note: undefined };
    case 'top':
      return { ...p, top: 0, note: undefined };
    case 'bottom':
      return { ...p, top: maxTop(p), note: undefined };
    case 'next-file': {
      const next = fileStarts(p).find((i) => i > p.top);
      return next === undefined ? { ...p, note: 'last file' } : { ...p, top: clampTop(p, next), note: undefined };
    }
    case 'prev-file': {
      const prev = fileStarts(p)
        .filter((i) => i < p.top)
        .at(-1);
      return { ...p, top: clampTop(p, prev ?? 0), note: undefined };
    }
    case 'next-match':
      return p.query ? search(p, p.query, (p.match ?? p.top - 1) + 1) : { ...p, note: 'no search yet: / to search' };
  }
}

/** Finds the query (case-insensitive) from a line on, wrapping at the end; the match is shown near the top. */
export function search(p: PagerView, query: string, from = p.top): PagerView {
  const q = query.toLowerCase();
  const n = p.lines.length;
  for (let k = 0; k < n; k++) {
    const i = (from + k) % n;
    if (p.lines[i].text.toLowerCase().includes(q)) {
      return {
        ...p,
        query,
        match: i,
        typing: undefined,
        top: clampTop(p, i - 2),
        note: from + k >= n ? 'search wrapped to the top' : undefined,
      };
    }
  }
  return { ...p, query, match: undefined, typing: undefined, note: `no match for "${query}"` };
}

/** Position words for the pager's header: "lines 1–20 of 130". */
export function pagerPosition(p: PagerView): string {
  const last = Math.min(p.lines.length, p.top + p.height);
  return `lines ${p.lines.length ? p.top + 1 : 0}–${last} of ${p.lines.length}${last >= p.lines.length ? ' (end)' : ''}`;
}
