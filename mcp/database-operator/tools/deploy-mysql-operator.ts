import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export default defineTool({
  name: 'deploy_mysql_operator',
  title: 'Deploy MySQL (MySQL Operator for Kubernetes)',
  description:
    "A MySQL InnoDB Cluster through Oracle's MySQL Operator: instances for high availability, MySQL Router, data volume size, TLS, and the credentials Secret referenced by name.",
  input: z.object({ app: appContextSchema, version: z.string().default('8.4') }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, version }) => {
    const db = app.database;
    if (!db || db.type !== 'mysql')
      throw new ToolError('the app has no MySQL database (app.database.type must be mysql)');
    const conn = databaseConnection(app)!;
    const instances = Math.max(db.instances, db.instances > 1 ? 3 : 1);
    const cluster = {
      apiVersion: 'mysql.oracle.com/v2',
      kind: 'InnoDBCluster',
      metadata: { name: names.databaseCluster(app), namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        secretName: conn.secretName,
        tlsUseSelfSigned: true,
        instances,
        version: db.version ?? version,
        router: { instances: instances > 1 ? 2 : 1 },
        datadirVolumeClaimTemplate: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: db.size } } },
      },
    };
    return output(
      [{ path: FILES.database, objects: [cluster as never] }],
      [
        `${instances} MySQL ${db.version ?? version} instance(s)${instances > 1 ? ' (group replication needs three for quorum)' : ''}, ${db.size} each, behind MySQL Router`,
      ],
      [
        {
          severity: 'warning',
          rule: 'secret-unfilled',
          message: `the InnoDBCluster reads its root credentials from Secret ${conn.secretName}; create it before applying (rootUser, rootHost, rootPassword)`,
          subject: `Secret/${conn.secretName}`,
        },
      ],
    );
  },
});
