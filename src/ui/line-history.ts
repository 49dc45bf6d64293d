// The lines sent this session, recalled with ↑ and ↓ on the input line.
export class LineHistory {
  private readonly lines: string[] = [];
  private index = 0;

  add(line: string): void {
    this.lines.push(line);
    this.index = this.lines.length;
  }

  /** The line one step back (-1) or forward (1); '' past the newest, undefined when nothing was sent yet. */
  step(by: -1 | 1): string | undefined {
    if (this.lines.length === 0) return undefined;
    this.index = Math.max(0, Math.min(this.lines.length, this.index + by));
    return this.lines[this.index] ?? '';
  }
}
