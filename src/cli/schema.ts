// `kaptain-kube schema`: the AppDeployment JSON Schema, for editors and CI.
import { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .summary('print the AppDeployment JSON Schema')
    .description('Prints the JSON Schema of AppDeployment. Point yaml-language-server at it with a modeline:\n  # yaml-language-server: $schema=./app-deployment.schema.json')
    .option('--output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExample:\n  $ kaptain-kube schema --output app-deployment.schema.json')
    .action(async (opts: { output?: string }) => {
      const { appDeploymentJsonSchema } = await import('../app-config/json-schema.js');
      const text = `${JSON.stringify(appDeploymentJsonSchema(), null, 2)}\n`;
      if (!opts.output) return void process.stdout.write(text);
      const { writeFile, rename } = await import('node:fs/promises');
      await writeFile(`${opts.output}.tmp`, text);
      await rename(`${opts.output}.tmp`, opts.output);
    });
}
