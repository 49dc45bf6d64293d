// Reading one line of a transcript: what every reader of transcripts (resume and show, which
// check each event, and the listing, which does not) agrees a line is.

export class TranscriptError extends Error {}

/**
 * Line `i` of a transcript as JSON; undefined for a torn last line (a crash mid-write), which
 * readers stop at. Any other line that is not JSON is damage: TranscriptError, FILE:LINE:1.
 */
export function parseTranscriptLine(path: string, lines: readonly string[], i: number): unknown {
  try {
    return JSON.parse(lines[i]) as unknown;
  } catch {
    if (i === lines.length - 1) return undefined;
    throw new TranscriptError(`${path}:${i + 1}:1: not a JSON event; the transcript is damaged`);
  }
}
