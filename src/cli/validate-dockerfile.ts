// `kaptain-kube validate-dockerfile PATH`: lint a Dockerfile; findings as PATH:LINE:COL.
import { Command, Option } from 'commander';
import { paint, printJson } from './output.js';
import { safeLine } from '../terminal/safe-text.js';

export function register(program: Command): void {
  program
    .command('validate-dockerfile')
    .summary('lint a Dockerfile')
    .description(
      'Checks a Dockerfile against production rules (pinned bases, non-root user, health check, secrets, signals …). Exit code 1 when there are errors, 0 with only warnings, 2 when the file cannot be read or is not a Dockerfile.',
    )
    .argument('<path>', 'the Dockerfile')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube validate-dockerfile ./Dockerfile
  $ kaptain-kube validate-dockerfile fixtures/blog-api/Dockerfile --output json`,
    )
    .action(async (path: string, opts: { output: string }) => {
      const { InputError } = await import('../errors.js');
      const { lintDockerfile } = await import('../dockerfile/lint.js');
      const { INPUT_LIMITS, readInputFile } = await import('../input/read.js');
      // A FIFO, device, directory or oversized file is refused (exit 2), never waited on.
      const text = await readInputFile(path, { what: 'a Dockerfile', maxBytes: INPUT_LIMITS.dockerfile });
      const findings = lintDockerfile(text, path);
      const unreadable = findings.find((f) => f.rule === 'KK-DF-000');
      if (unreadable)
        throw new InputError(`${path}:${unreadable.line}:${unreadable.col}: ${unreadable.message}`, [unreadable.fix]);
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (opts.output === 'json')
        printJson({ file: path, findings, errors, warnings: findings.filter((f) => f.severity === 'warning').length });
      else {
        const color = { error: 'red', warning: 'yellow', info: 'blue' } as const;
        // Findings quote Dockerfile values.
        for (const f of findings)
          process.stdout.write(
            `${safeLine(path)}:${f.line}:${f.col}: ${paint(color[f.severity], f.severity)} ${f.rule} ${safeLine(f.message)} ${paint('gray', `(fix: ${safeLine(f.fix)})`)}\n`,
          );
        process.stdout.write(
          findings.length === 0
            ? `${safeLine(path)}: ${paint('green', 'no findings')}\n`
            : `${findings.length} finding(s): ${errors} error(s)\n`,
        );
      }
      process.exitCode = errors > 0 ? 1 : 0;
    });
}
