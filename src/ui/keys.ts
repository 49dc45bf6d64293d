// Every key the UI understands, in one table: which mode it works in, what it does,
// and the help line. Components never interpret keys themselves.
export type UiMode = 'input' | 'approval' | 'reason' | 'help' | 'busy';

export type UiAction =
  | 'approve'
  | 'reject'
  | 'always-allow'
  | 'edit'
  | 'toggle-diff'
  | 'next-file'
  | 'prev-file'
  | 'help'
  | 'close-help'
  | 'cancel'
  | 'quit'
  | 'submit'
  | 'history-prev'
  | 'history-next'
  | 'backspace'
  | 'complete';

export interface KeyPress {
  /** The character(s) typed, as Ink's useInput reports them. */
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
}

export interface Binding {
  /** Display names: "y", "Enter", "Ctrl+C", "←". */
  keys: string[];
  modes: UiMode[] | 'all';
  action: UiAction;
  help: string;
  match(k: KeyPress): boolean;
}

const ch = (c: string) => (k: KeyPress) => !k.ctrl && k.input === c;

export const BINDINGS: Binding[] = [
  { keys: ['y'], modes: ['approval'], action: 'approve', help: 'approve this call', match: ch('y') },
  { keys: ['n'], modes: ['approval'], action: 'reject', help: 'reject it (then type an optional reason)', match: ch('n') },
  { keys: ['a'], modes: ['approval'], action: 'always-allow', help: 'always allow this tool for the session (revoke with /permissions)', match: ch('a') },
  { keys: ['e'], modes: ['approval'], action: 'edit', help: 'edit the arguments in $EDITOR (re-validated)', match: ch('e') },
  { keys: ['d'], modes: ['approval'], action: 'toggle-diff', help: 'expand or collapse the diff', match: ch('d') },
  { keys: [']', '→'], modes: ['approval'], action: 'next-file', help: 'next file in the diff', match: (k) => ch(']')(k) || k.rightArrow === true },
  { keys: ['[', '←'], modes: ['approval'], action: 'prev-file', help: 'previous file in the diff', match: (k) => ch('[')(k) || k.leftArrow === true },
  { keys: ['?'], modes: ['approval'], action: 'help', help: 'show these keys', match: ch('?') },
  { keys: ['any key'], modes: ['help'], action: 'close-help', help: 'close help', match: () => true },
  { keys: ['Esc'], modes: 'all', action: 'cancel', help: 'cancel the running step (or the reason being typed)', match: (k) => k.escape === true },
  { keys: ['Ctrl+C'], modes: 'all', action: 'quit', help: 'press twice to quit; the session stays resumable', match: (k) => k.ctrl === true && k.input === 'c' },
  { keys: ['Enter'], modes: ['input', 'reason'], action: 'submit', help: 'send the line', match: (k) => k.return === true },
  { keys: ['↑'], modes: ['input'], action: 'history-prev', help: 'previous line from history', match: (k) => k.upArrow === true },
  { keys: ['↓'], modes: ['input'], action: 'history-next', help: 'next line from history', match: (k) => k.downArrow === true },
  { keys: ['Tab'], modes: ['input'], action: 'complete', help: 'complete a slash command', match: (k) => k.tab === true },
  { keys: ['Backspace'], modes: ['input', 'reason'], action: 'backspace', help: 'delete a character', match: (k) => k.backspace === true || k.delete === true },
];

/** The action a key press means in a mode, or the text to insert. */
export function resolveKey(mode: UiMode, k: KeyPress): { action: UiAction } | { text: string } | undefined {
  for (const b of BINDINGS) {
    if ((b.modes === 'all' || b.modes.includes(mode)) && b.match(k)) return { action: b.action };
  }
  if ((mode === 'input' || mode === 'reason') && k.input && !k.ctrl) return { text: k.input };
  return undefined;
}

export function helpLines(mode?: UiMode): string[] {
  return BINDINGS.filter((b) => !mode || b.modes === 'all' || b.modes.includes(mode)).map((b) => `${b.keys.join(' / ').padEnd(12)} ${b.help}`);
}
