// Every command, walked from the program itself so a new one cannot slip past: its
// --help shows at least one example.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';

function program(): Command {
  const p = new Command('kaptain-kube').exitOverride();
  for (const register of COMMANDS) register(p);
  return p;
}

function everyCommand(cmd: Command, prefix = ''): [string, Command][] {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return [[name, c] as [string, Command], ...everyCommand(c, `${name} `)];
  });
}

function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

export const COMMAND_TABLE = everyCommand(program());

describe('every command', () => {
  it('is found', () => expect(COMMAND_TABLE.length).toBeGreaterThan(10));
  it.each(COMMAND_TABLE.map(([name, cmd]) => [name, cmd] as const))(
    '%s --help has an Examples section with a command line',
    (name, cmd) => {
      const help = helpOf(cmd);
      expect(help).toMatch(/\nExamples?:\n/);
      expect(help).toContain(`$ kaptain-kube ${name}`);
    },
  );
  it.each(COMMAND_TABLE.map(([name, cmd]) => [name, cmd] as const))(
    '%s --help shows no empty "(default: [])"',
    (_name, cmd) => {
      expect(helpOf(cmd)).not.toContain('(default: [])');
    },
  );
});
