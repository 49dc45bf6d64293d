// The diff pager's model: scrolling, pages, files and search over a call's whole diff.
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../src/manifests/diff.js';
import { movePager, openPager, pagerPosition, search } from '../../src/ui/pager.js';

const long = Array.from({ length: 120 }, (_, i) => `line${i}: v`).join('\n') + '\n';
const diff = diffTrees(
  new Map([['a.yaml', 'x: 1\n']]),
  new Map([
    ['a.yaml', 'x: 2\n'],
    ['b.yaml', long],
  ]),
);

describe('diff pager', () => {
  it('scrolls by line and page, stops at both ends, and reaches the last line', () => {
    let p = openPager(diff, 20);
    expect(p.lines[0].text).toBe('── file 1/2: +1 −1 a.yaml');
    expect(pagerPosition(p)).toMatch(/^lines 1–20 of \d+$/);
    p = movePager(p, 'up');
    expect(p.top).toBe(0);
    p = movePager(movePager(p, 'down'), 'page-down');
    expect(p.top).toBe(20);
    p = movePager(p, 'page-up');
    expect(p.top).toBe(1);
    p = movePager(p, 'bottom');
    expect(p.lines.slice(p.top, p.top + p.height).at(-1)?.text).toBe('+line119: v');
    expect(pagerPosition(p)).toMatch(/\(end\)$/);
    expect(movePager(p, 'page-down').top).toBe(p.top);
    expect(movePager(p, 'top').top).toBe(0);
  });

  it('jumps between files and finds text, wrapping, and says when nothing matches', () => {
    let p = openPager(diff, 10);
    p = movePager(p, 'next-file');
    expect(p.lines[p.top].text).toBe('── file 2/2: +120 −0 b.yaml (added)');
    expect(movePager(p, 'prev-file').top).toBe(0);
    p = search(p, 'LINE100');
    expect(p.lines[p.match!].text).toBe('+line100: v');
    expect(p.match! - p.top).toBe(2);
    p = search(movePager(p, 'top'), 'line11');
    const first = p.match!;
    expect(p.lines[first].text).toBe('+line11: v');
    p = movePager(p, 'next-match');
    expect(p.lines[p.match!].text).toBe('+line110: v');
    for (let i = 0; i < 10; i++) p = movePager(p, 'next-match');
    expect(p.match).toBe(first);
    expect(p.note).toBe('search wrapped to the top');
    expect(search(p, 'nowhere').note).toBe('no match for "nowhere"');
  });
});
