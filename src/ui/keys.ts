// Every key the UI understands, in one table: which mode it works in, what it does,
// and the help line. Components never interpret keys themselves.
export type UiMode = 'input' | 'approval' | 'reason' | 'help' | 'busy' | 'pager' | 'search' | 'form';

export type UiAction =
  | 'approve'
  | 'reject'
  | 'always-allow'
  | 'edit'
  | 'toggle-diff'
  | 'toggle-review'
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
  | 'clear-line'
  | 'start-input'
  | 'scroll-up'
  | 'scroll-down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'search'
  | 'next-match'
  | 'close-pager'
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
  pageUp?: boolean;
  pageDown?: boolean;
}

export interface Binding {
  /** Display names: "y", "Enter", "Ctrl+C", "←". */
  keys: string[];
  modes: UiMode[] | 'all';
  action: UiAction;
  help: string;
  match(k: KeyPress): boolean;
  /** The word the approval bar shows for this key, for the keys it lists. */
  bar?: string;
}

const ch = (c: string) => (k: KeyPress) => !k.ctrl && k.input === c;

export const BINDINGS: Binding[] = [
  { keys: ['y'], modes: ['approval'], action: 'approve', help: 'approve this call', match: ch('y'), bar: 'yes' },
  {
    keys: ['n'],
    modes: ['approval'],
    action: 'reject',
    help: 'reject it (then type an optional reason)',
    match: ch('n'),
    bar: 'no',
  },
  {
    keys: ['a'],
    modes: ['approval'],
    action: 'always-allow',
    help: 'always allow this tool for the session (revoke with /permissions)',
    match: ch('a'),
    bar: 'always',
  },
  {
    keys: ['e'],
    modes: ['approval'],
    action: 'edit',
    help: 'edit the arguments in $EDITOR (checked, then shown again to approve)',
    match: ch('e'),
    bar: 'edit',
  },
  {
    keys: ['d'],
    modes: ['approval'],
    action: 'toggle-diff',
    help: 'open the whole diff in the pager',
    match: ch('d'),
    bar: 'diff',
  },
  {
    keys: ['v'],
    modes: ['approval'],
    action: 'toggle-review',
    help: "show or hide the checks' findings (file:line) and what the call changes",
    match: ch('v'),
  },
  {
    keys: [']', '→'],
    modes: ['approval', 'pager'],
    action: 'next-file',
    help: 'next file in the diff',
    match: (k) => ch(']')(k) || k.rightArrow === true,
  },
  {
    keys: ['[', '←'],
    modes: ['approval', 'pager'],
    action: 'prev-file',
    help: 'previous file in the diff',
    match: (k) => ch('[')(k) || k.leftArrow === true,
  },
  // The diff pager.
  {
    keys: ['↑', 'k'],
    modes: ['pager'],
    action: 'scroll-up',
    help: 'scroll up a line',
    match: (k) => k.upArrow === true || ch('k')(k),
  },
  {
    keys: ['↓', 'j'],
    modes: ['pager'],
    action: 'scroll-down',
    help: 'scroll down a line',
    match: (k) => k.downArrow === true || ch('j')(k),
  },
  {
    keys: ['PgUp', 'b'],
    modes: ['pager'],
    action: 'page-up',
    help: 'up a page',
    match: (k) => k.pageUp === true || ch('b')(k),
  },
  {
    keys: ['PgDn', 'Space'],
    modes: ['pager'],
    action: 'page-down',
    help: 'down a page',
    match: (k) => k.pageDown === true || ch(' ')(k),
  },
  { keys: ['g'], modes: ['pager'], action: 'top', help: 'first line', match: ch('g') },
  { keys: ['G'], modes: ['pager'], action: 'bottom', help: 'last line', match: ch('G') },
  { keys: ['/'], modes: ['pager'], action: 'search', help: 'search the diff (Enter finds)', match: ch('/') },
  { keys: ['n'], modes: ['pager'], action: 'next-match', help: 'next match of the search', match: ch('n') },
  { keys: ['q'], modes: ['pager'], action: 'close-pager', help: 'back to the card', match: ch('q') },
  // A card owns single keys only while the input line is empty: / or : starts a line, and the call keeps waiting.
  {
    keys: ['/', ':'],
    modes: ['approval'],
    action: 'start-input',
    help: 'type a /command or a word (the call keeps waiting)',
    match: (k) => !k.ctrl && /^[/:]/.test(k.input),
    bar: 'command',
  },
  { keys: ['?'], modes: ['approval'], action: 'help', help: 'show these keys', match: ch('?'), bar: 'help' },
  { keys: ['any key'], modes: ['help'], action: 'close-help', help: 'close help', match: () => true },
  {
    keys: ['Esc'],
    modes: 'all',
    action: 'cancel',
    help: 'cancel the running step (or the line being typed)',
    match: (k) => k.escape === true,
  },
  {
    keys: ['Ctrl+C'],
    modes: 'all',
    action: 'quit',
    help: 'press twice to quit; the session stays resumable',
    match: (k) => k.ctrl === true && k.input === 'c',
  },
  {
    keys: ['Enter'],
    modes: ['input', 'reason', 'search', 'form'],
    action: 'submit',
    help: 'send the line',
    match: (k) => k.return === true,
  },
  {
    keys: ['Ctrl+U'],
    modes: ['input', 'reason', 'search', 'form'],
    action: 'clear-line',
    help: 'clear the line',
    match: (k) => k.ctrl === true && k.input === 'u',
  },
  {
    keys: ['↑'],
    modes: ['input'],
    action: 'history-prev',
    help: 'previous line from history',
    match: (k) => k.upArrow === true,
  },
  {
    keys: ['↓'],
    modes: ['input'],
    action: 'history-next',
    help: 'next line from history',
    match: (k) => k.downArrow === true,
  },
  {
    keys: ['Tab'],
    modes: ['input'],
    action: 'complete',
    help: 'complete a slash command',
    match: (k) => k.tab === true,
  },
  {
    keys: ['Backspace'],
    modes: ['input', 'reason', 'search', 'form'],
    action: 'backspace',
    help: 'delete a character',
    match: (k) => k.backspace === true || k.delete === true,
  },
];

/** The approval bar's entries, from the table: the key and its word. */
export function approvalBar(): { key: string; word: string }[] {
  return BINDINGS.filter((b) => b.bar && b.modes !== 'all' && b.modes.includes('approval')).map((b) => ({
    key: b.keys[0],
    word: b.bar!,
  }));
}

/** The action a key press means in a mode, or the text to insert. */
export function resolveKey(
  mode: UiMode,
  k: KeyPress,
  typing = false,
): { action: UiAction } | { text: string } | undefined {
  // Text typed while a card waits makes the keys mean what they mean on the input line.
  if (mode === 'approval' && typing) mode = 'input';
  for (const b of BINDINGS) {
    if ((b.modes === 'all' || b.modes.includes(mode)) && b.match(k)) return { action: b.action };
  }
  if ((mode === 'input' || mode === 'reason' || mode === 'search' || mode === 'form') && k.input && !k.ctrl)
    return { text: k.input };
  return undefined;
}

export function helpLines(mode?: UiMode): string[] {
  return BINDINGS.filter((b) => !mode || b.modes === 'all' || b.modes.includes(mode)).map(
    (b) => `${b.keys.join(' / ').padEnd(12)} ${b.help}`,
  );
}
