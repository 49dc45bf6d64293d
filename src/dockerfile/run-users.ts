// Users and groups a RUN creates with a fixed id (`useradd -u 1234 app`, busybox
// `adduser -D -u 1234 app`, `addgroup -g 1234 app`), so a later `USER app` has a number.
// A user created without an id gets whatever the image's passwd hands out: not known here.

export interface CreatedIds {
  users: Map<string, { uid: number; gid?: number | string }>;
  groups: Map<string, number>;
}

/** Options that take a value, across shadow-utils, Debian adduser and busybox. */
const WITH_VALUE = new Set([
  '-u',
  '--uid',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '--ingroup',
  '-d',
  '--home',
  '--home-dir',
  '-h',
  '-s',
  '--shell',
  '-c',
  '--comment',
  '--gecos',
  '-k',
  '--skel',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-K',
  '--key',
  '-p',
  '--password',
  '-b',
  '--base-dir',
  '-Z',
  '--selinux-user',
  '--firstuid',
  '--lastuid',
  '--firstgid',
  '--lastgid',
  '--conf',
]);

function parseCommand(words: string[]): { opts: Map<string, string>; positional: string[] } {
  const opts = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--') && w.includes('=')) {
      const at = w.indexOf('=');
      opts.set(w.slice(0, at), w.slice(at + 1));
    } else if (WITH_VALUE.has(w)) opts.set(w, words[++i] ?? '');
    else if (/^-[A-Za-z]+$/.test(w) && w.length > 2 && WITH_VALUE.has(`-${w[w.length - 1]}`))
      opts.set(`-${w[w.length - 1]}`, words[++i] ?? ''); // -ru 1234
    else if (w.startsWith('-')) opts.set(w, '');
    else positional.push(w);
  }
  return { opts, positional };
}

const id = (v: string | undefined) =>
  v !== undefined && /^\d+$/.test(v) && Number(v) <= 2147483647 ? Number(v) : undefined;

/** Records the ids one RUN's text (shell form or heredoc body, variables substituted) creates. */
export function collectCreatedIds(script: string, into: CreatedIds): void {
  const commands = script.replace(/\\\r?\n/g, ' ').split(/&&|\|\||[;|\n]/);
  for (const cmd of commands) {
    const words = cmd
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/^['"]|['"]$/g, ''))
      .filter(Boolean);
    while (words[0] === 'sudo' || words[0] === 'exec' || /^[A-Z_]+=/.test(words[0] ?? '')) words.shift();
    const tool = words[0]?.split('/').pop();
    if (!tool) continue;
    const { opts, positional } = parseCommand(words.slice(1));
    const name = positional[0];
    if (!name) continue;
    if (tool === 'groupadd' || tool === 'addgroup') {
      // `addgroup USER GROUP` (Debian/busybox) adds a user to a group: no new id.
      const gid = id(opts.get('-g') ?? opts.get('--gid'));
      if (gid !== undefined && positional.length === 1) into.groups.set(name, gid);
    } else if (tool === 'useradd' || tool === 'adduser') {
      const uid = id(opts.get('-u') ?? opts.get('--uid'));
      if (uid === undefined) continue;
      // Primary group: useradd -g, Debian adduser --gid/--ingroup, busybox adduser -G.
      const group =
        tool === 'useradd'
          ? (opts.get('-g') ?? opts.get('--gid'))
          : (opts.get('--gid') ?? opts.get('--ingroup') ?? opts.get('-G'));
      const gid = group === undefined ? into.groups.get(name) : (id(group) ?? group);
      into.users.set(name, { uid, gid });
    }
  }
}

/** The numeric gid of a group named or numbered in a RUN, if one is known. */
export function groupId(created: CreatedIds, g: number | string | undefined): number | undefined {
  if (g === undefined) return undefined;
  return typeof g === 'number' ? g : (id(g) ?? created.groups.get(g));
}
