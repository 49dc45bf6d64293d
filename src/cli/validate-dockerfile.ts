// `kaptain-kube validate-dockerfile PATH`: lint a Dockerfile; findings as PATH:LINE:COL.
import { Command, Option } from 'commander';
import { paint, printJson } from './output.js';

export function register(program: Command): void {
  program
    .command('validate-dockerfile')
    .summary('lint a Dockerfile')
    .description('Checks a Dockerfile against production rules (pinned bases, non-root user, health check, secrets, signals …). Exit code 1 when there are errors, 0 with only warnings, 2 when the file cannot be read or is not a Dockerfile.')
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
      const { readFile } = await import('node:fs/promises');
      const { InputError } = await import('./errors.js');
      const { lintDockerfile } = await import('../dockerfile/lint.js');
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory; give the path of the Dockerfile' : (err as Error).message}`);
      }
      const findings = lintDockerfile(text, path);
      const unreadable = findings.find((f) => f.rule === 'KK-DF-000');
      if (unreadable) throw new InputError(`${path}:${unreadable.line}:${unreadable.col}: ${unreadable.message}`, [unreadable.fix]);
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (opts.output === 'json') printJson({ file: path, findings, errors, warnings: findings.filter((f) => f.severity === 'warning').length });
      else {
        const color = { error: 'red', warning: 'yellow', info: 'blue' } as const;
        for (const f of findings) process.stdout.write(`${path}:${f.line}:${f.col}: ${paint(color[f.severity], f.severity)} ${f.rule} ${f.message} ${paint('gray', `(fix: ${f.fix})`)}\n`);
        process.stdout.write(findings.length === 0 ? `${path}: ${paint('green', 'no findings')}\n` : `${findings.length} finding(s): ${errors} error(s)\n`);
      }
      process.exitCode = errors > 0 ? 1 : 0;
    });
}
