// `kaptain-kube schema`: the AppDeployment JSON Schema, for editors and CI.
import { Command, Option } from 'commander';
import { InputError } from '../errors.js';

const FORMATS = ['json', 'yaml'] as const;

export function register(program: Command): void {
  program
    .command('schema')
    .summary('print the AppDeployment JSON Schema')
    .description(
      'Prints the JSON Schema of AppDeployment (draft 2020-12), generated from the same schema `validate` uses.\n' +
        'The package also ships it as schema/app-deployment.schema.json. Point yaml-language-server (VS Code:\n' +
        'the YAML extension) at a copy with a modeline on the first line of app-config.yaml:\n' +
        '  # yaml-language-server: $schema=./app-deployment.schema.json',
    )
    .addOption(new Option('-o, --output <format>', 'output format: json or yaml').default('json'))
    .option('--file <path>', 'write to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube schema --file app-deployment.schema.json\n  $ kaptain-kube schema -o yaml\n  $ kaptain-kube schema | jq .properties.spec.properties.ports',
    )
    .action(async (opts: { output: string; file?: string }) => {
      let { output: format, file } = opts;
      if (!(FORMATS as readonly string[]).includes(format)) {
        // `--output FILE` was the spelling before -o meant a format everywhere.
        if (file) throw new InputError(`--output "${format}" is not a format (json or yaml) and --file is given too`);
        process.stderr.write(
          `warning: "schema --output FILE" is deprecated; use "--file ${format}" (-o is the output format: json or yaml)\n`,
        );
        file = format;
        format = 'json';
      }
      const { appDeploymentJsonSchemaText, appDeploymentJsonSchemaYaml } = await import('../app-config/json-schema.js');
      const text = format === 'yaml' ? appDeploymentJsonSchemaYaml() : appDeploymentJsonSchemaText();
      if (!file || file === '-') return void process.stdout.write(text);
      const { writeFile, rename } = await import('node:fs/promises');
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    });
}
