// Names that objects from different servers use to refer to each other. One place,
// so the Deployment's secretKeyRef, the NetworkPolicy's selectors and the operator's
// cluster all agree.
import type { AppContext } from './app-context.js';

export const names = {
  workload: (app: AppContext) => app.name,
  /** The StatefulSet's governing Service: stable DNS names for its pods. */
  headlessService: (app: AppContext) => `${app.name}-headless`,
  service: (app: AppContext) => app.name,
  serviceAccount: (app: AppContext) => app.name,
  configMap: (app: AppContext) => `${app.name}-config`,
  tlsSecret: (app: AppContext) => `${app.name}-tls`,
  issuer: (app: AppContext) => `${app.name}-issuer`,
  gateway: (app: AppContext) => `${app.name}-gateway`,
  rollout: (app: AppContext) => app.name,
  databaseCluster: (app: AppContext) => `${app.name}-db`,
  /** The database's connection settings (host, port, name; the credentials Secret by name). */
  databaseConfig: (app: AppContext) => `${app.name}-db`,
  /** CI runs apart from the app: its builder needs a Pod Security level the app namespace must not grant. */
  ciNamespace: (app: AppContext) => `${app.namespace}-ci`,
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
      return {
        host: cluster,
        port: 5432,
        database,
        secretName: `app.${cluster}.credentials.postgresql.acid.zalan.do`,
        usernameKey: 'username',
        passwordKey: 'password',
      };
    case 'mysql':
      // MySQL Operator for Kubernetes (InnoDBCluster): router Service = cluster name; credentials Secret we reference, created by the user or a secret store.
      return {
        host: cluster,
        port: 6446,
        database,
        secretName: `${cluster}-credentials`,
        usernameKey: 'rootUser',
        passwordKey: 'rootPassword',
      };
    case 'mongodb':
      // MongoDB Community Operator: <resource>-<db>-<user> connection Secret; headless Service <resource>-svc.
      return {
        host: `${cluster}-svc`,
        port: 27017,
        database,
        secretName: `${cluster}-admin-app`,
        usernameKey: 'username',
        passwordKey: 'password',
      };
    case 'redis':
      // Redis replication with Sentinel; password Secret referenced by the Redis custom resource.
      return {
        host: `${cluster}-master`,
        port: 6379,
        database: '0',
        secretName: `${cluster}-auth`,
        usernameKey: 'username',
        passwordKey: 'password',
      };
  }
}

const SAME_KIND: Record<string, string> = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mongodb: 'mongodb',
  redis: 'redis',
};

/** The image URL variable that names the database the tree generates (its value is replaced from the operator's Secret). */
export function databaseEndpoint(app: AppContext): AppContext['endpoints'][number] | undefined {
  return app.database ? app.endpoints.find((e) => SAME_KIND[e.kind] === app.database!.type) : undefined;
}

/** The image's dependencies the tree does not create: they run elsewhere and get a narrow egress rule. */
export function externalEndpoints(app: AppContext): AppContext['endpoints'] {
  const db = databaseEndpoint(app);
  return app.endpoints.filter((e) => e !== db);
}

/** Ports of the event sources KEDA scales on, for the app's egress when no URL names the broker (its address is in a Secret). */
const BROKER_PORTS: Record<string, number[]> = { rabbitmq: [5672, 5671], kafka: [9092], 'nats-jetstream': [4222] };

export function brokerPorts(app: AppContext): number[] {
  const kind = app.events?.kind;
  if (!kind || !BROKER_PORTS[kind]) return [];
  const named = app.endpoints.some((e) => BROKER_PORTS[kind].includes(e.port));
  return named ? [] : BROKER_PORTS[kind];
}
