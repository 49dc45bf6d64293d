// `kaptain-kube check DIR|FILE...`: what a cluster would do with a manifest tree when
// applied as written (`kubectl apply -R` order, Pod Security admission, NetworkPolicy
// reachability, references that fail at run time). Findings as FILE:LINE: rule: message.
import { Command, InvalidArgumentError, Option } from 'commander';
import { paint, printJson } from './output.js';
import { safeLine, safeText } from '../terminal/safe-text.js';

export function register(program: Command): void {
  program
    .command('check')
    .summary('check a manifest tree against cluster semantics, offline')
    .description(
      "Reads manifests the way `kubectl apply -R -f` does (lexical file order) and checks, without a cluster, that applying them on an empty cluster with the CRDs installed creates every object, that every pod is admitted by its namespace's Pod Security level (mesh-injected and CI pods included), that the NetworkPolicies allow every flow the tree implies and nothing wide open, and that references hold at run time. Rules: docs/check.md. Exit code 0 without errors, 1 with errors, 2 for unreadable input.",
    )
    .argument('<paths...>', 'manifest directories (walked recursively) or files')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--explain',
      'also print the reachability matrix: every implied flow and whether the NetworkPolicies allow it',
    )
    .option(
      '--dockerfile <path>',
      "the app image's Dockerfile: the URLs its ENV sets become dependencies, and database URLs are checked against the tree",
    )
    .option('--app <name>', 'the workload that runs that image (default: every long-running workload)')
    .option(
      '--dependency <name=host:port...>',
      'a service the app talks to whose address is not in the tree (a queue broker from a Secret): its flow must be allowed',
      collectDependency,
      [],
    )
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube check k8s/k8s-manifests
  $ kaptain-kube check k8s --explain --dockerfile Dockerfile
  $ kaptain-kube check k8s --output json`,
    )
    .action(
      async (
        paths: string[],
        opts: {
          output: string;
          explain?: boolean;
          dockerfile?: string;
          app?: string;
          dependency: { name: string; host: string; port: number }[];
        },
      ) => {
        const { checkPaths, checkFactsFromDockerfile, CheckInputError, formatFinding, formatMatrix } =
          await import('../manifests/check/index.js');
        const { InputError } = await import('../errors.js');
        let facts: { app?: string; dependencies?: { name: string; host: string; port: number }[] } = {};
        if (opts.dockerfile) {
          const { analyzeDockerfile } = await import('../dockerfile/index.js');
          const { dirname } = await import('node:path');
          facts = checkFactsFromDockerfile(
            await analyzeDockerfile({ dockerfilePath: opts.dockerfile, contextDir: dirname(opts.dockerfile) }),
          );
        }
        if (opts.app) facts.app = opts.app;
        if (opts.dependency.length) facts.dependencies = opts.dependency;
        let result;
        try {
          result = checkPaths(paths, facts);
        } catch (err) {
          if (err instanceof CheckInputError) throw new InputError(err.message);
          throw err;
        }
        if (opts.output === 'json') printJson(result);
        else {
          // Findings quote names and values from the files read.
          for (const f of result.findings) process.stdout.write(`${safeLine(formatFinding(f))}\n`);
          if (opts.explain)
            process.stdout.write(
              `\nReachability (${result.matrix.length} flows):\n${safeText(formatMatrix(result.matrix))}\n`,
            );
          const summary = `${result.objects} objects in ${result.files} files: ${result.errors} errors, ${result.warnings} warnings`;
          process.stdout.write(`${result.errors ? paint('red', summary) : paint('green', summary)}\n`);
        }
        process.exitCode = result.errors > 0 ? 1 : 0;
      },
    );
}

/** `--dependency rabbitmq=rabbitmq.messaging:5672`, repeatable. */
function collectDependency(
  value: string,
  previous: { name: string; host: string; port: number }[],
): { name: string; host: string; port: number }[] {
  const m = /^([^=\s]+)=([^:\s]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535)
    throw new InvalidArgumentError(
      `--dependency ${JSON.stringify(value)}: expected NAME=HOST:PORT, e.g. rabbitmq=rabbitmq.messaging:5672`,
    );
  return [...previous, { name: m[1], host: m[2], port: Number(m[3]) }];
}
