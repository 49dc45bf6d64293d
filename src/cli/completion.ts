// `kaptain-kube completion bash|zsh|fish`: shell completion generated from the program's own
// commands and options, so it cannot drift from them. zsh loads the bash function through
// bashcompinit; fish gets its native `complete` lines.
import { Command, Option } from 'commander';
import { InputError } from '../errors.js';

interface Node {
  path: string;
  subcommands: string[];
  options: string[];
  /** Option flag -> the values it takes (commander choices). */
  values: Record<string, string[]>;
  descriptions: Record<string, string>;
}

function nodesOf(cmd: Command, path = ''): Node[] {
  const options = [...cmd.options.filter((o) => !o.hidden), ...(cmd.parent ? [] : cmd.options)].filter(
    (o, i, all) => all.indexOf(o) === i,
  );
  const flags = (o: Option) => [o.long, o.short].filter((f): f is string => !!f);
  const node: Node = {
    path,
    subcommands: cmd.commands.map((c) => c.name()),
    options: [...options.flatMap(flags), '--help'],
    values: Object.fromEntries(
      options.filter((o) => o.argChoices).flatMap((o) => flags(o).map((f) => [f, o.argChoices!])),
    ),
    descriptions: Object.fromEntries([
      ...cmd.commands.map((c) => [c.name(), c.summary() || c.description().split('\n')[0]]),
      ...options.map((o) => [o.long ?? o.short ?? '', o.description]),
    ]),
  };
  return [node, ...cmd.commands.flatMap((c) => nodesOf(c, path ? `${path} ${c.name()}` : c.name()))];
}

const word = (s: string) => s.replace(/[^A-Za-z0-9_.:/=-]/g, '');
/** A command path ("sessions export") as a case pattern. */
const pathWord = (s: string) => s.split(' ').map(word).join(' ');

function bash(nodes: Node[]): string {
  const arms = (pick: (n: Node) => string[]) =>
    nodes
      .filter((n) => pick(n).length > 0)
      .map((n) => `    "${pathWord(n.path)}") echo "${pick(n).map(word).join(' ')}" ;;`)
      .join('\n');
  const values = nodes
    .flatMap((n) =>
      Object.entries(n.values).map(
        ([flag, v]) => `    "${pathWord(n.path)}|${word(flag)}") echo "${v.map(word).join(' ')}" ;;`,
      ),
    )
    .join('\n');
  return `# kaptain-kube completion for bash. Load it with:
#   source <(kaptain-kube completion bash)
_kaptain_kube_subcommands() {
  case "$1" in
${arms((n) => n.subcommands)}
  esac
}
_kaptain_kube_options() {
  case "$1" in
${arms((n) => n.options)}
  esac
}
_kaptain_kube_values() {
  case "$1|$2" in
${values}
  esac
}
_kaptain_kube() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" w i
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case " $(_kaptain_kube_subcommands "$path") " in
      *" $w "*) path="\${path:+$path }$w" ;;
    esac
  done
  local choices
  choices="$(_kaptain_kube_values "$path" "$prev")"
  if [[ -n "$choices" ]]; then
    COMPREPLY=( $(compgen -W "$choices" -- "$cur") )
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$(_kaptain_kube_options "$path")" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$(_kaptain_kube_subcommands "$path")" -- "$cur") )
  fi
}
complete -o default -o bashdefault -F _kaptain_kube kaptain-kube kubectl-kaptain
`;
}

function zsh(nodes: Node[]): string {
  return `#compdef kaptain-kube kubectl-kaptain
# kaptain-kube completion for zsh. Load it with:
#   source <(kaptain-kube completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(nodes)
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n')}`;
}

function fish(nodes: Node[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# kaptain-kube completion for fish. Load it with:', '#   kaptain-kube completion fish | source'];
  for (const bin of ['kaptain-kube', 'kubectl-kaptain']) {
    lines.push(`complete -c ${bin} -f`);
    for (const n of nodes) {
      const parts = n.path ? n.path.split(' ') : [];
      // At the root nothing is chosen yet; deeper, the chosen words are seen and no sibling is.
      const cond =
        parts.length === 0
          ? '__fish_use_subcommand'
          : parts.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
      for (const s of n.subcommands)
        lines.push(
          `complete -c ${bin} -n ${q(`${cond}${parts.length ? `; and not __fish_seen_subcommand_from ${n.subcommands.join(' ')}` : ''}`)} -a ${q(s)} -d ${q(n.descriptions[s] ?? '')}`,
        );
      for (const o of n.options.filter((f) => f.startsWith('--'))) {
        const v = n.values[o];
        lines.push(
          `complete -c ${bin} -n ${q(cond)} -l ${o.slice(2)}${v ? ` -x -a ${q(v.join(' '))}` : ''} -d ${q(n.descriptions[o] ?? '')}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const SHELLS = { bash, zsh, fish } as const;

/** The completion script for a shell, for the program given (the whole CLI). */
function completionScript(program: Command, shell: string): string {
  const make = SHELLS[shell as keyof typeof SHELLS];
  if (!make) throw new InputError(`no completion for shell "${shell}"; choose bash, zsh or fish`);
  return make(nodesOf(program));
}

export function register(program: Command): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh, fish)')
    .description(
      'Prints a script that completes commands, flags and flag values in bash, zsh or fish, for kaptain-kube and its kubectl plugin name (kubectl-kaptain).',
    )
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube completion bash > ~/.local/share/bash-completion/completions/kaptain-kube
  $ source <(kaptain-kube completion zsh)
  $ kaptain-kube completion fish > ~/.config/fish/completions/kaptain-kube.fish`,
    )
    .action((shell: string) => {
      let root = program;
      while (root.parent) root = root.parent;
      process.stdout.write(completionScript(root, shell));
    });
}
