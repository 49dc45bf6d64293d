// `kaptain-kube validate FILE...`: check AppDeployment files; problems as FILE:LINE:COL.
import { Command, Option } from 'commander';
import { paint, printJson } from './output.js';
import { safeLine, safeText } from '../terminal/safe-text.js';

export function register(program: Command): void {
  program
    .command('validate')
    .summary('check AppDeployment files')
    .description(
      'Checks each AppDeployment file against the schema and its path rules. Every problem is reported as FILE:LINE:COL, all at once. Exit code 0 when all are valid, 2 otherwise.',
    )
    .argument('<files...>', 'AppDeployment YAML files')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube validate app-config.yaml
  $ kaptain-kube validate fixtures/*/app-config.yaml --output json`,
    )
    .action(async (files: string[], opts: { output: string }) => {
      const { loadAppConfig, ConfigError } = await import('../app-config/loader.js');
      const { InputError } = await import('../errors.js');
      const results: { file: string; valid: boolean; errors: { line: number; col: number; message: string }[] }[] = [];
      for (const file of files) {
        try {
          await loadAppConfig(file);
          results.push({ file, valid: true, errors: [] });
        } catch (err) {
          if (err instanceof ConfigError)
            results.push({
              file,
              valid: false,
              errors: err.issues.map(({ line, col, message }) => ({ line, col, message })),
            });
          else if (err instanceof InputError)
            results.push({
              file,
              valid: false,
              errors: [{ line: 0, col: 0, message: err.message.replace(`${file}: `, '') }],
            });
          else throw err;
        }
      }
      if (opts.output === 'json') printJson({ files: results });
      else {
        for (const r of results) {
          if (r.valid) process.stdout.write(`${safeLine(r.file)}: ${paint('green', 'ok')}\n`);
          // Messages quote the YAML they complain about.
          else
            for (const e of r.errors)
              process.stderr.write(
                e.line
                  ? `${safeLine(r.file)}:${e.line}:${e.col}: ${safeText(e.message)}\n`
                  : `${safeLine(r.file)}: ${safeText(e.message)}\n`,
              );
        }
      }
      process.exitCode = results.every((r) => r.valid) ? 0 : 2;
    });
}
