import { z } from 'zod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_secrets',
  title: 'Generate Secret references',
  description:
    'Create the Secrets named in secretsRequired without values: each says how to fill it out of band. Secret values never appear in generated manifests.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    if (app.secretsRequired.length === 0) return output([], ['no secrets required']);
    const secrets = app.secretsRequired.map((name) => {
      const s = new Secret({
        metadata: {
          name,
          namespace: app.namespace,
          labels: commonLabels(app),
          annotations: {
            'kaptainkube.dev/fill-with': `kubectl -n ${app.namespace} create secret generic ${name} --from-literal=KEY=VALUE --dry-run=client -o yaml | kubectl apply --server-side -f -`,
          },
        },
        type: 'Opaque',
      });
      s.validate();
      return s.toJSON() as never;
    });
    return output(
      [{ path: FILES.secrets, objects: secrets }],
      [`${secrets.length} Secret(s) referenced by name; values are filled out of band`],
      app.secretsRequired.map((name) => ({
        severity: 'warning' as const,
        rule: 'secret-unfilled',
        message: `Secret ${name} has no values; fill it before the pods start (see its kaptainkube.dev/fill-with annotation)`,
        subject: `Secret/${name}`,
      })),
    );
  },
});
