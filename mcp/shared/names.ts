// Names that objects from different servers use to refer to each other. One place,
// so the Deployment's secretKeyRef, the NetworkPolicy's selectors and the operator's
// cluster all agree.
import type { AppContext } from './app-context.js';

export const names = {
  workload: (app: AppContext) => app.name,
  service: (app: AppContext) => app.name,
  serviceAccount: (app: AppContext) => app.name,
  configMap: (app: AppContext) => `${app.name}-config`,
  tlsSecret: (app: AppContext) => `${app.name}-tls`,
  issuer: (app: AppContext) => `${app.name}-issuer`,
  gateway: (app: AppContext) => `${app.name}-gateway`,
  rollout: (app: AppContext) => app.name,
  databaseCluster: (app: AppContext) => `${app.name}-db`,
};

/** How the app reaches its database: the operator's Secret (by reference, never a literal) and host. */
export interface DatabaseConnection {
  host: string;
  port: number;
  database: string;
  /** Secret created by the operator holding the credentials. */
  secretName: string;
  usernameKey: string;
  passwordKey: string;
}

export function databaseConnection(app: AppContext): DatabaseConnection | undefined {
  const db = app.database;
  if (!db) return undefined;
  const cluster = names.databaseCluster(app);
  const database = app.name.replace(/-/g, '_');
  switch (db.type) {
    case 'postgresql':
      // Zalando postgres-operator: <user>.<cluster>.credentials.postgresql.acid.zalan.do; master Service = cluster name.
      return { host: cluster, port: 5432, database, secretName: `app.${cluster}.credentials.postgresql.acid.zalan.do`, usernameKey: 'username', passwordKey: 'password' };
    case 'mysql':
      // MySQL Operator for Kubernetes (InnoDBCluster): router Service = cluster name; credentials Secret we reference, created by the user or a secret store.
      return { host: cluster, port: 6446, database, secretName: `${cluster}-credentials`, usernameKey: 'rootUser', passwordKey: 'rootPassword' };
    case 'mongodb':
      // MongoDB Community Operator: <resource>-<db>-<user> connection Secret; headless Service <resource>-svc.
      return { host: `${cluster}-svc`, port: 27017, database, secretName: `${cluster}-admin-app`, usernameKey: 'username', passwordKey: 'password' };
    case 'redis':
      // Redis replication with Sentinel; password Secret referenced by the Redis custom resource.
      return { host: `${cluster}-master`, port: 6379, database: '0', secretName: `${cluster}-auth`, usernameKey: 'username', passwordKey: 'password' };
  }
}
