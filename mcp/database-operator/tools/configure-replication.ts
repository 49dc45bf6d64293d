import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output, type Finding } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export default defineTool({
  name: 'configure_replication',
  title: 'Configure database replication',
  description:
    "Replicated databases through their operators: a MongoDB replica set (MongoDB Community Operator) or Redis with Sentinel failover (OT-Container-Kit Redis Operator), sized from the app's database settings; for PostgreSQL and MySQL it reports the replication their own operators provide.",
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const db = app.database;
    if (!db) throw new ToolError('the app has no database to replicate');
    const cluster = names.databaseCluster(app);
    const conn = databaseConnection(app)!;
    const meta = { name: cluster, namespace: app.namespace, labels: commonLabels(app) };
    const findings: Finding[] = [];
    if (db.type === 'postgresql' || db.type === 'mysql')
      return output(
        [],
        [
          `${db.type}: replication comes with its operator's cluster (${db.instances} instance(s)); nothing more to generate`,
        ],
      );
    const members = Math.max(db.instances, db.instances > 1 ? 3 : 1);
    let objects: Record<string, unknown>[];
    if (db.type === 'mongodb') {
      objects = [
        {
          apiVersion: 'mongodbcommunity.mongodb.com/v1',
          kind: 'MongoDBCommunity',
          metadata: meta,
          spec: {
            members,
            type: 'ReplicaSet',
            version: db.version ?? '7.0.14',
            security: { authentication: { modes: ['SCRAM'] } },
            users: [
              {
                name: 'app',
                db: conn.database,
                passwordSecretRef: { name: `${cluster}-app-password` },
                roles: [{ name: 'readWrite', db: conn.database }],
                scramCredentialsSecretName: `${cluster}-app-scram`,
              },
            ],
            statefulSet: {
              spec: {
                volumeClaimTemplates: [
                  {
                    metadata: { name: 'data-volume' },
                    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: db.size } } },
                  },
                ],
              },
            },
          },
        },
      ];
      findings.push({
        severity: 'warning',
        rule: 'secret-unfilled',
        message: `create Secret ${cluster}-app-password (key password) before applying; the operator derives ${conn.secretName} for the app`,
        subject: `Secret/${cluster}-app-password`,
      });
    } else {
      objects = [
        {
          apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
          kind: 'RedisReplication',
          metadata: meta,
          spec: {
            clusterSize: members,
            kubernetesConfig: {
              image: `quay.io/opstree/redis:${db.version ?? 'v7.2.6'}`,
              redisSecret: { name: conn.secretName, key: conn.passwordKey },
            },
            storage: {
              volumeClaimTemplate: {
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: db.size } } },
              },
            },
          },
        },
        {
          apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
          kind: 'RedisSentinel',
          metadata: { ...meta, name: `${cluster}-sentinel` },
          spec: {
            clusterSize: 3,
            redisSentinelConfig: { redisReplicationName: cluster },
            kubernetesConfig: { image: 'quay.io/opstree/redis-sentinel:v7.2.6' },
          },
        },
      ];
      findings.push({
        severity: 'warning',
        rule: 'secret-unfilled',
        message: `create Secret ${conn.secretName} (key ${conn.passwordKey}) before applying`,
        subject: `Secret/${conn.secretName}`,
      });
    }
    return output(
      [{ path: FILES.database, objects: objects as never }],
      [
        `${db.type} with ${members} member(s), ${db.size} each${members > 1 ? '; failover without a single point of failure' : ''}`,
      ],
      findings,
    );
  },
});
