// Maps a path inside a YAML document (["spec", "ports", 0, "port"]) to the line and
// column a person should look at: the value, or the key when asked for the key.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

export type YamlPath = readonly (string | number)[];

function pairOf(node: unknown, key: string | number): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key)) as
    Pair | undefined;
}

function childOf(node: unknown, key: string | number): unknown {
  if (isMap(node)) return pairOf(node, key)?.value;
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  return undefined;
}

export class PositionIndex {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private at(offset: number | undefined): Position | undefined {
    if (offset === undefined) return undefined;
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /**
   * The position of the deepest node on the path that exists. With `key`, the
   * position of the last key itself (for unknown keys); otherwise of its value.
   */
  of(path: YamlPath, opts: { key?: boolean } = {}): Position {
    let node: unknown = this.doc.contents;
    let best: Position | undefined = this.at((node as Node | null)?.range?.[0]);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (last && opts.key) {
        const pair = pairOf(node, seg);
        const k = pair?.key as Node | undefined;
        return this.at(k?.range?.[0]) ?? best ?? { line: 1, col: 1 };
      }
      const next = childOf(node, seg);
      if (next === undefined || next === null) {
        // A key with an empty value: point at the key.
        const pair = pairOf(node, seg);
        return this.at((pair?.key as Node | undefined)?.range?.[0]) ?? best ?? { line: 1, col: 1 };
      }
      node = next;
      best = this.at((node as Node).range?.[0]) ?? best;
    }
    return best ?? { line: 1, col: 1 };
  }

  /** Keys present in the mapping at `path`, with their positions. */
  keysAt(path: YamlPath): { key: string; pos: Position }[] {
    let node: unknown = this.doc.contents;
    for (const seg of path) node = childOf(node, seg);
    if (!isMap(node)) return [];
    return node.items.filter(isPair).map((p) => ({
      key: String((p.key as { value?: unknown })?.value),
      pos: this.at((p.key as Node | undefined)?.range?.[0]) ?? { line: 1, col: 1 },
    }));
  }
}
