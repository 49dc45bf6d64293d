// `kaptain-kube init [DIR]`: draft AppDeployment files from a Compose file or Dockerfile(s).
import { Command, Option } from 'commander';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function register(program: Command): void {
  program
    .command('init')
    .summary('write app-config.yaml from a Dockerfile or a Compose file')
    .description(
      'Finds the Compose file (compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml) or the Dockerfile(s) in DIR and writes one AppDeployment per service that deploy accepts as it is, each value commented with where it came from.\n' +
        'One service: app-config.yaml. Several: <service>.app-config.yaml, beside the Compose file. Databases, caches and brokers in a Compose file become the database or requirements of the services that use them (docs/compose.md).\n' +
        'Writes with --yes or when not on a terminal; on a terminal without --yes it asks for the name, namespace, ports and health path (Enter accepts the detected value). Exit code 2 on invalid input, with nothing written.',
    )
    .argument('[dir]', 'project directory', '.')
    .option('--compose <file>', 'Compose file to import (default: the one found in DIR)')
    .option(
      '--profile <name>',
      'Compose profile to activate (repeatable; "*" for all); COMPOSE_PROFILES works too',
      collect,
    )
    .option('-y, --yes', 'write the detected values without asking')
    .option('--force', 'replace existing config files init would write (only those)')
    .addOption(
      new Option('-o, --output <format>', 'output format: json prints what was written')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube init --yes
  $ kaptain-kube init ./shop --compose ./shop/compose.yaml --yes -o json
  $ kaptain-kube init --profile debug --force --yes`,
    )
    .action(
      async (
        dir: string,
        flags: { compose?: string; profile?: string[]; yes?: boolean; force?: boolean; output: string },
      ) => {
        process.exitCode = await runInitCommand(dir, flags);
      },
    );
}

async function runInitCommand(
  dir: string,
  flags: { compose?: string; profile?: string[]; yes?: boolean; force?: boolean; output: string },
): Promise<number> {
  const { prepareInit, finishInit, shown } = await import('../init/run.js');
  const { paint, printJson } = await import('./output.js');
  const { safeLine, safeText } = await import('../terminal/safe-text.js');
  const plan = await prepareInit(dir, flags);
  const printWarnings = () => {
    for (const w of plan.warnings)
      process.stderr.write(
        `${safeLine(w.file)}:${w.line}:${w.col}: ${paint('yellow', 'warning:', process.stderr)} ${safeText(w.message)}\n`,
      );
  };
  let edited;
  if (!flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true) {
    // A terminal without --yes: the warnings, then confirm or edit the detected values.
    printWarnings();
    const { promptDrafts } = await import('../init/prompt.js');
    edited = await promptDrafts(plan.drafts);
    if (!edited) {
      process.stderr.write('Cancelled; nothing written.\n');
      return 1;
    }
  } else if (flags.output !== 'json') printWarnings();
  const files = await finishInit(plan, edited);
  if (flags.output === 'json') {
    printJson({
      written: files.map((f) => ({ file: shown(f.path), service: f.draft.service, config: f.config })),
      warnings: plan.warnings,
    });
    return 0;
  }
  for (const f of files)
    process.stdout.write(
      `${paint('green', 'wrote')} ${safeLine(shown(f.path))}${plan.from.compose ? ` (service ${safeLine(f.draft.service)})` : ''}\n`,
    );
  process.stdout.write(`Next: kaptain-kube deploy ${safeLine(shown(files[0].path))} --plan-only\n`);
  return 0;
}
