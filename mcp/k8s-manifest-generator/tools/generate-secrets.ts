import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { createSecretCommand } from '../../../src/plan/missing-values.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

// The Secrets in secretsRequired hold what only the user has (API keys, passwords). The tree
// references them by name and never contains one: a generated Secret, even an empty one,
// would replace the real one on every apply.
export default defineTool({
  name: 'generate_secrets',
  title: 'Check Secret references',
  description:
    'Writes no Secret: the Secrets named in secretsRequired are referenced by the workload (envFrom.secretRef) and created out of band; this says how to create each one.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    if (app.secretsRequired.length === 0) return output([], ['no secrets required']);
    return output(
      [],
      [
        `${app.secretsRequired.length} Secret(s) referenced by name, never generated: create them before the pods start`,
      ],
      app.secretsRequired.map((name) => ({
        severity: 'warning' as const,
        rule: 'secret-unfilled',
        message: `Secret ${name} is referenced, not generated; the pods wait until it exists`,
        subject: `Secret/${name}`,
        fix: createSecretCommand(app.namespace, name),
      })),
    );
  },
});
