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
    const patch = createTwoFilesPatch(
      a === undefined ? '/dev/null' : `a/${path}`,
      b === undefined ? '/dev/null' : `b/${path}`,
      a ?? '',
      b ?? '',
      undefined,
      undefined,
      { context: 3 },
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
