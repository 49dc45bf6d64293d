import { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { backupPolicy } from '../policy.js';

export default defineTool({
  name: 'configure_backup',
  title: 'Configure database backups',
  description:
    "Automated backups for the app's database with the retention its security profile requires: WAL archiving and base backups to object storage for PostgreSQL (WAL-G through the operator's pod environment), dump schedules for the other engines. Storage credentials are referenced by Secret name.",
  input: z.object({
    app: appContextSchema,
    bucket: z.string().default('s3://backups'),
    credentialsSecret: z.string().default('backup-storage-credentials'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, bucket, credentialsSecret }) => {
    const db = app.database;
    if (!db) throw new ToolError('the app has no database to back up');
    if (!db.backup) return output([], ['backups are turned off (spec.database.backup: false)']);
    const p = backupPolicy(app.securityProfile);
    const cluster = names.databaseCluster(app);
    const data: Record<string, string> =
      db.type === 'postgresql'
        ? {
            USE_WALG_BACKUP: 'true',
            USE_WALG_RESTORE: 'true',
            WALG_S3_PREFIX: `${bucket}/${app.namespace}/${cluster}`,
            BACKUP_SCHEDULE: p.schedule,
            BACKUP_NUM_TO_RETAIN: String(p.retentionDays),
            WALG_DISABLE_S3_SSE: p.encryption === 'none' ? 'true' : 'false',
            AWS_CREDENTIALS_SECRET: credentialsSecret,
          }
        : {
            BACKUP_ENGINE: db.type,
            BACKUP_SCHEDULE: p.schedule,
            BACKUP_RETENTION_DAYS: String(p.retentionDays),
            BACKUP_TARGET: `${bucket}/${app.namespace}/${cluster}`,
            BACKUP_CREDENTIALS_SECRET: credentialsSecret,
          };
    const cm = new ConfigMap({
      metadata: { name: `${cluster}-backup`, namespace: app.namespace, labels: commonLabels(app) },
      data,
    });
    cm.validate();
    return output(
      [{ path: FILES.database, objects: [cm.toJSON() as never] }],
      [
        `backups ${p.schedule}, kept ${p.retentionDays} days for the ${app.securityProfile} profile`,
        ...(p.pointInTimeRecovery && db.type === 'postgresql'
          ? ['continuous WAL archiving for point-in-time recovery']
          : []),
      ],
      [
        {
          severity: 'info',
          rule: 'backup-credentials',
          message: `backups write to ${bucket} with credentials from Secret ${credentialsSecret}`,
          subject: `ConfigMap/${cluster}-backup`,
        },
      ],
    );
  },
});
