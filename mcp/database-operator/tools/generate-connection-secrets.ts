import { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_connection_secrets',
  title: 'Generate database connection settings',
  description:
    'What the app needs to reach its database: host, port and database name in a ConfigMap, and the name and keys of the Secret that holds the credentials. Never a password.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const conn = databaseConnection(app);
    if (!conn || !app.database) throw new ToolError('the app has no database');
    const cm = new ConfigMap({
      metadata: { name: names.databaseConfig(app), namespace: app.namespace, labels: commonLabels(app) },
      data: {
        DB_ENGINE: app.database.type,
        DB_HOST: conn.host,
        DB_PORT: String(conn.port),
        DB_NAME: conn.database,
        DB_CREDENTIALS_SECRET: conn.secretName,
        DB_USERNAME_KEY: conn.usernameKey,
        DB_PASSWORD_KEY: conn.passwordKey,
      },
    });
    cm.validate();
    return output(
      [{ path: FILES.configmap, objects: [cm.toJSON() as never] }],
      [
        `${conn.host}:${conn.port}/${conn.database}; credentials by reference to Secret ${conn.secretName}`,
        'the Deployment reads these settings with envFrom; the app ConfigMap does not repeat them',
      ],
    );
  },
});
