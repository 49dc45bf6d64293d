// Per-file unified diffs between two rendered trees, computed before a decision so
// the person approving a call sees exactly what it changes.
import { createTwoFilesPatch } from 'diff';

export interface FileDiff {
  path: string;
  change: 'added' | 'removed' | 'modified';
  added: number;
  removed: number;
  patch: string;
}

export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileDiff[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const patch = filePatch(
      a === undefined ? '/dev/null' : `a/${path}`,
      b === undefined ? '/dev/null' : `b/${path}`,
      a,
      b,
    );
    let added = 0;
    let removed = 0;
    for (const line of patch.split('\n')) {
      if (line.startsWith('+') && !line.startsWith('+++')) added++;
      else if (line.startsWith('-') && !line.startsWith('---')) removed++;
    }
    diffs.push({
      path,
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified',
      added,
      removed,
      patch,
    });
  }
  return diffs;
}

const SEPARATOR = '='.repeat(67);

/**
 * A unified patch, as createTwoFilesPatch writes it. A file created or deleted whole (most
 * files of a generation are new) is every line added or removed: written out directly
 * instead of diffing against nothing, which costs as much as a real diff.
 */
export function filePatch(from: string, to: string, a: string | undefined, b: string | undefined): string {
  const whole = a === undefined ? b : b === undefined ? a : undefined;
  if (whole === undefined || whole === '' || whole.includes('\r'))
    return createTwoFilesPatch(from, to, a ?? '', b ?? '', undefined, undefined, { context: 3 });
  const lines = whole.split('\n');
  const endsWithNewline = lines.at(-1) === '';
  if (endsWithNewline) lines.pop();
  const sign = a === undefined ? '+' : '-';
  const range = sign === '+' ? `@@ -0,0 +1,${lines.length} @@` : `@@ -1,${lines.length} +0,0 @@`;
  const body = lines.map((l) => sign + l);
  if (!endsWithNewline) body.push('\\ No newline at end of file');
  return [SEPARATOR, `--- ${from}`, `+++ ${to}`, range, ...body, ''].join('\n');
}
