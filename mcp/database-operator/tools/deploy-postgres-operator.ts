import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { backupPolicy } from '../policy.js';

export default defineTool({
  name: 'deploy_postgres_operator',
  title: 'Deploy PostgreSQL (Zalando operator)',
  description:
    "A PostgreSQL cluster through the Zalando postgres-operator: volume size, instances for high availability, the app's user and database, TLS for regulated profiles, logical backups. The operator creates the credentials Secret the app references.",
  input: z.object({ app: appContextSchema, version: z.string().regex(/^\d+$/).default('16') }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, version }) => {
    const db = app.database;
    if (!db || db.type !== 'postgresql')
      throw new ToolError('the app has no PostgreSQL database (app.database.type must be postgresql)');
    const conn = databaseConnection(app)!;
    const regulated = app.securityProfile !== 'standard';
    const policy = backupPolicy(app.securityProfile);
    const cluster = {
      apiVersion: 'acid.zalan.do/v1',
      kind: 'postgresql',
      metadata: { name: names.databaseCluster(app), namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        teamId: app.name,
        numberOfInstances: db.instances,
        volume: { size: db.size },
        users: { app: ['createdb'] },
        databases: { [conn.database]: 'app' },
        postgresql: {
          version: db.version ?? version,
          parameters: {
            password_encryption: 'scram-sha-256',
            ...(regulated
              ? { ssl_min_protocol_version: 'TLSv1.2', log_connections: 'on', log_disconnections: 'on' }
              : {}),
          },
        },
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        patroni: { synchronous_mode: db.instances > 1 && regulated, failsafe_mode: true },
        enableLogicalBackup: db.backup,
        ...(db.backup ? { logicalBackupSchedule: policy.schedule } : {}),
      },
    };
    return output(
      [{ path: FILES.database, objects: [cluster as never] }],
      [
        `${db.instances} PostgreSQL ${db.version ?? version} instance(s) with ${db.size} each${db.instances > 1 ? ' (streaming replication, automatic failover by Patroni)' : ''}`,
        `the operator creates Secret ${conn.secretName}; the app references it`,
        ...(db.backup ? [`logical backups ${policy.schedule}, kept ${policy.retentionDays} days`] : []),
      ],
      [
        {
          severity: 'info',
          rule: 'operator-required',
          message: 'needs the Zalando postgres-operator installed in the cluster (acid.zalan.do CRDs)',
          subject: `postgresql/${names.databaseCluster(app)}`,
        },
      ],
    );
  },
});
