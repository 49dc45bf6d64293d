// The kaptain-kube program. Each command lives in its own file and imports what it
// needs only when it runs, so `--help` and small commands start fast.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { exitCodeOf } from '../errors.js';
import { reportError } from './output.js';
import { COMMANDS } from './commands.js';
import { endQuietlyOnClosedPipes } from './pipes.js';

export function buildProgram(): Command {
  const program = new Command('kaptain-kube')
    .description('From a Dockerfile and a short AppDeployment YAML to a production-grade Kubernetes deployment.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces and debug output on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Before any command loads a schema: zod compiles a parser per object schema on its
  // first parse, which pays off over thousands of parses, not over the few each schema
  // gets in one CLI run (a generation run spent ~20 ms compiling parsers it used once).
  // The setting is read when a schema is built, so it is made before the action runs.
  // `mcp serve` is the exception: a long-running server parses the same schemas forever.
  program.hook('preAction', async (_program, action) => {
    if (action.name() === 'serve' && action.parent?.name() === 'mcp') return;
    (await import('zod')).config({ jitless: true });
  });
  program.addHelpText(
    'after',
    `
Examples:
  $ kaptain-kube deploy app-config.yaml --generate-only --output-dir ./k8s
  $ kaptain-kube deploy app-config.yaml --plan-only
  $ kaptain-kube validate app-config.yaml
  $ kaptain-kube validate-dockerfile ./Dockerfile
  $ kaptain-kube check ./k8s/k8s-manifests --explain`,
  );
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; usage mistakes exit 2 like kubectl.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      return 2;
    }
    reportError(err, program.opts().verbose === true || process.argv.includes('--verbose'));
    return exitCodeOf(err);
  }
}

endQuietlyOnClosedPipes();
const code = await main();
process.exitCode = code;
