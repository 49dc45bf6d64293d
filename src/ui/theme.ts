// Colours for the UI, all off when NO_COLOR is set (https://no-color.org).
const off = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';

const pick = (c: string) => (off ? undefined : c);

export const theme = {
  accent: pick('cyan'),
  ok: pick('green'),
  warn: pick('yellow'),
  bad: pick('red'),
  dim: pick('gray'),
  user: pick('blue'),
  added: pick('green'),
  removed: pick('red'),
  hunk: pick('cyan'),
  noColor: off,
};
