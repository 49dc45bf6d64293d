// Images that are themselves a database, cache, broker, search engine or object store. Run
// as given (no Dockerfile), they keep state on disk, run one primary, speak their own wire
// protocol and check their own health: a StatefulSet with a volume, not a stateless web app.
// Each entry says what the image's own documentation says: its ports, data directory, the
// variables that carry its credentials, and the command it checks its health with.
import { knownImageUser, type KnownUser } from './image-users.js';

type StatefulKind = 'database' | 'cache' | 'broker' | 'search engine' | 'object store';

/** A probe handler in the image's own terms: a command, a TCP connect or (for HTTP servers) a GET. */
type StatefulProbe =
  { type: 'exec'; command: string[] } | { type: 'tcp'; port: string } | { type: 'http'; path: string; port: string };

interface StatefulPort {
  /** Container port name; the `tcp-`/`http-` prefix tells the mesh the protocol. */
  name: string;
  port: number;
  protocol: 'TCP' | 'HTTP';
}

export interface StatefulImage {
  /** The family ("postgres"), the kind and the image reference as written, for plan reasons. */
  family: string;
  kind: StatefulKind;
  ref: string;
  ports: StatefulPort[];
  /** Where the volume claim is mounted. */
  dataPath: string;
  /** Fixed settings: where the data lives inside the volume, single-node mode. */
  env: { name: string; value: string }[];
  /** Variables filled from the credentials Secret, by key. */
  secretEnv: { name: string; key: string }[];
  /** Container args (the image's entrypoint stays); `$(VAR)` expands the variables above. */
  args?: string[];
  readiness: StatefulProbe;
  liveness: StatefulProbe;
  /** Seconds a probe command may take (a JVM or Erlang CLI starts slowly). */
  probeTimeout: number;
  /** Paths besides the volume the process writes (sockets, temp files): emptyDirs. */
  writablePaths: string[];
  /** The image writes its own configuration at start, so its root filesystem cannot be read-only. */
  writableRoot?: string;
  /** Memory the engine needs to start at all (a JVM heap, the Erlang VM), when more than the default estimate. */
  memory?: string;
  /** The image's own non-root user, so the volume (fsGroup) is writable by it. */
  user: KnownUser & { evidence: string };
}

type Entry = Omit<StatefulImage, 'ref' | 'user'> & {
  match: RegExp;
  /** The user as the image-users table names it, or a fixed id with the evidence for it. */
  user: string | (KnownUser & { evidence: string });
};

const tcp = (name: string, port: number): StatefulPort => ({ name, port, protocol: 'TCP' });
const http = (name: string, port: number): StatefulPort => ({ name, port, protocol: 'HTTP' });

const TABLE: Entry[] = [
  {
    family: 'postgres',
    memory: '512Mi',
    kind: 'database',
    match: /^(postgres|postgis\/postgis)$/,
    ports: [tcp('tcp-postgres', 5432)],
    // A subdirectory: initdb refuses a volume root that holds lost+found.
    dataPath: '/var/lib/postgresql/data',
    env: [{ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
    secretEnv: [{ name: 'POSTGRES_PASSWORD', key: 'password' }],
    readiness: { type: 'exec', command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1', '-p', '5432'] },
    liveness: { type: 'tcp', port: 'tcp-postgres' },
    probeTimeout: 5,
    writablePaths: ['/var/run/postgresql', '/tmp'],
    user: 'postgres',
  },
  {
    family: 'mysql',
    memory: '1Gi',
    kind: 'database',
    match: /^mysql$/,
    ports: [tcp('tcp-mysql', 3306)],
    dataPath: '/var/lib/mysql',
    env: [],
    secretEnv: [{ name: 'MYSQL_ROOT_PASSWORD', key: 'password' }],
    // mysqld --initialize refuses a data directory holding lost+found: the data lives one level down.
    args: ['--datadir=/var/lib/mysql/data'],
    // Exit status 0 whenever the server answers, even "access denied": no password in the probe.
    readiness: { type: 'exec', command: ['mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'] },
    liveness: { type: 'tcp', port: 'tcp-mysql' },
    probeTimeout: 5,
    writablePaths: ['/var/run/mysqld', '/tmp'],
    user: 'mysql',
  },
  {
    family: 'mariadb',
    memory: '512Mi',
    kind: 'database',
    match: /^mariadb$/,
    ports: [tcp('tcp-mysql', 3306)],
    dataPath: '/var/lib/mysql',
    env: [],
    secretEnv: [{ name: 'MARIADB_ROOT_PASSWORD', key: 'password' }],
    readiness: { type: 'exec', command: ['mariadb-admin', 'ping', '-h', '127.0.0.1', '--silent'] },
    liveness: { type: 'tcp', port: 'tcp-mysql' },
    probeTimeout: 5,
    writablePaths: ['/run/mysqld', '/tmp'],
    user: { uid: 999, gid: 999, evidence: 'the mariadb image runs mariadbd as mysql (999)' },
  },
  {
    family: 'mongo',
    memory: '1Gi',
    kind: 'database',
    match: /^mongo$/,
    ports: [tcp('tcp-mongodb', 27017)],
    dataPath: '/data/db',
    env: [{ name: 'MONGO_INITDB_ROOT_USERNAME', value: 'root' }],
    secretEnv: [{ name: 'MONGO_INITDB_ROOT_PASSWORD', key: 'password' }],
    // The first-start initialisation listens on localhost only, so a TCP connect to the pod
    // address succeeds once the real server is up (and the shell differs between versions).
    readiness: { type: 'tcp', port: 'tcp-mongodb' },
    liveness: { type: 'tcp', port: 'tcp-mongodb' },
    probeTimeout: 5,
    writablePaths: ['/data/configdb', '/tmp'],
    user: 'mongodb',
  },
  {
    family: 'redis',
    kind: 'cache',
    match: /^redis$/,
    ports: [tcp('tcp-redis', 6379)],
    dataPath: '/data',
    env: [],
    // redis-cli reads REDISCLI_AUTH, so the probe needs no password on its command line.
    secretEnv: [
      { name: 'REDIS_PASSWORD', key: 'password' },
      { name: 'REDISCLI_AUTH', key: 'password' },
    ],
    args: ['redis-server', '--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes'],
    readiness: { type: 'exec', command: ['sh', '-c', 'redis-cli -h 127.0.0.1 ping | grep -q PONG'] },
    liveness: { type: 'tcp', port: 'tcp-redis' },
    probeTimeout: 3,
    writablePaths: ['/tmp'],
    user: 'redis',
  },
  {
    family: 'valkey',
    kind: 'cache',
    match: /^valkey\/valkey$/,
    ports: [tcp('tcp-redis', 6379)],
    dataPath: '/data',
    env: [],
    secretEnv: [
      { name: 'VALKEY_PASSWORD', key: 'password' },
      { name: 'VALKEYCLI_AUTH', key: 'password' },
      { name: 'REDISCLI_AUTH', key: 'password' },
    ],
    args: ['valkey-server', '--requirepass', '$(VALKEY_PASSWORD)', '--appendonly', 'yes'],
    readiness: { type: 'exec', command: ['sh', '-c', 'valkey-cli -h 127.0.0.1 ping | grep -q PONG'] },
    liveness: { type: 'tcp', port: 'tcp-redis' },
    probeTimeout: 3,
    writablePaths: ['/tmp'],
    user: { uid: 999, gid: 999, evidence: 'the valkey image runs as valkey (999)' },
  },
  {
    family: 'rabbitmq',
    memory: '512Mi',
    kind: 'broker',
    match: /^rabbitmq$/,
    ports: [tcp('tcp-amqp', 5672)],
    // The Erlang cookie and the message store both live here; the node name follows the pod's stable hostname.
    dataPath: '/var/lib/rabbitmq',
    env: [{ name: 'RABBITMQ_DEFAULT_USER', value: 'admin' }],
    secretEnv: [{ name: 'RABBITMQ_DEFAULT_PASS', key: 'password' }],
    readiness: { type: 'exec', command: ['rabbitmq-diagnostics', '-q', 'check_port_connectivity'] },
    liveness: { type: 'exec', command: ['rabbitmq-diagnostics', '-q', 'ping'] },
    probeTimeout: 15,
    writablePaths: ['/tmp'],
    user: { uid: 999, gid: 999, evidence: 'the rabbitmq image runs as rabbitmq (999)' },
  },
  {
    family: 'kafka',
    memory: '1Gi',
    kind: 'broker',
    match: /^apache\/kafka(-native)?$/,
    ports: [tcp('tcp-kafka', 9092)],
    dataPath: '/var/lib/kafka',
    env: [
      { name: 'KAFKA_NODE_ID', value: '1' },
      { name: 'KAFKA_PROCESS_ROLES', value: 'broker,controller' },
      { name: 'KAFKA_LISTENERS', value: 'PLAINTEXT://:9092,CONTROLLER://:9093' },
      { name: 'KAFKA_CONTROLLER_LISTENER_NAMES', value: 'CONTROLLER' },
      { name: 'KAFKA_CONTROLLER_QUORUM_VOTERS', value: '1@localhost:9093' },
      // The pod's address: clients that bootstrap through the Service are sent back to this broker.
      { name: 'KAFKA_ADVERTISED_LISTENERS', value: 'PLAINTEXT://$(POD_IP):9092' },
      { name: 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP', value: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT' },
      { name: 'KAFKA_LOG_DIRS', value: '/var/lib/kafka/data' },
      { name: 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', value: '1' },
      { name: 'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR', value: '1' },
      { name: 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR', value: '1' },
    ],
    secretEnv: [],
    readiness: { type: 'tcp', port: 'tcp-kafka' },
    liveness: { type: 'tcp', port: 'tcp-kafka' },
    probeTimeout: 5,
    writablePaths: ['/tmp'],
    writableRoot: 'the kafka image writes its server.properties from KAFKA_* variables at start',
    user: { uid: 1000, gid: 1000, evidence: 'the apache/kafka image runs as appuser (1000)' },
  },
  {
    family: 'nats',
    kind: 'broker',
    match: /^nats$/,
    ports: [tcp('tcp-nats', 4222), http('http-monitor', 8222)],
    dataPath: '/data',
    env: [],
    secretEnv: [],
    // Flags only, so the scratch and alpine variants (different entrypoints and config paths) both run it.
    args: ['-m', '8222', '--jetstream', '--store_dir', '/data'],
    readiness: { type: 'http', path: '/healthz?js-enabled-only=true', port: 'http-monitor' },
    liveness: { type: 'http', path: '/healthz', port: 'http-monitor' },
    probeTimeout: 3,
    writablePaths: [],
    user: { uid: 1000, gid: 1000, evidence: 'the nats image has no user of its own; any non-root id runs it' },
  },
  {
    family: 'elasticsearch',
    memory: '2Gi',
    kind: 'search engine',
    match: /^(docker\.elastic\.co\/elasticsearch\/)?elasticsearch$/,
    ports: [tcp('tcp-es', 9200)],
    dataPath: '/usr/share/elasticsearch/data',
    env: [{ name: 'discovery.type', value: 'single-node' }],
    secretEnv: [{ name: 'ELASTIC_PASSWORD', key: 'password' }],
    readiness: { type: 'tcp', port: 'tcp-es' },
    liveness: { type: 'tcp', port: 'tcp-es' },
    probeTimeout: 5,
    writablePaths: ['/tmp'],
    writableRoot: 'elasticsearch writes its keystore and TLS certificates into its config directory at first start',
    user: { uid: 1000, gid: 0, evidence: 'the elasticsearch image runs as elasticsearch (1000, group 0)' },
  },
  {
    family: 'opensearch',
    memory: '2Gi',
    kind: 'search engine',
    match: /^opensearchproject\/opensearch$/,
    ports: [tcp('tcp-es', 9200)],
    dataPath: '/usr/share/opensearch/data',
    env: [{ name: 'discovery.type', value: 'single-node' }],
    secretEnv: [{ name: 'OPENSEARCH_INITIAL_ADMIN_PASSWORD', key: 'password' }],
    readiness: { type: 'tcp', port: 'tcp-es' },
    liveness: { type: 'tcp', port: 'tcp-es' },
    probeTimeout: 5,
    writablePaths: ['/tmp'],
    writableRoot: 'opensearch installs its demo TLS configuration into its config directory at first start',
    user: { uid: 1000, gid: 1000, evidence: 'the opensearch image runs as opensearch (1000)' },
  },
  {
    family: 'minio',
    kind: 'object store',
    match: /^(quay\.io\/)?minio\/minio$/,
    ports: [http('http-s3', 9000), http('http-console', 9001)],
    dataPath: '/data',
    // HOME: minio keeps its certs directory under it; / is read-only.
    env: [
      { name: 'MINIO_ROOT_USER', value: 'admin' },
      { name: 'HOME', value: '/tmp' },
    ],
    secretEnv: [{ name: 'MINIO_ROOT_PASSWORD', key: 'password' }],
    args: ['server', '/data', '--console-address', ':9001'],
    readiness: { type: 'http', path: '/minio/health/ready', port: 'http-s3' },
    liveness: { type: 'http', path: '/minio/health/live', port: 'http-s3' },
    probeTimeout: 3,
    writablePaths: ['/tmp'],
    user: { uid: 1000, gid: 1000, evidence: 'the minio image runs as any non-root id that owns /data' },
  },
];

/** `docker.io/library/postgres:16@sha256:…` → name `postgres`, tag `16`. */
function parseRef(raw: string): { name: string; tag?: string } {
  const noDigest = raw.trim().split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const name = (colon > slash ? noDigest.slice(0, colon) : noDigest)
    .toLowerCase()
    .replace(/^((index|registry-1)\.)?docker\.io\//, '')
    .replace(/^library\//, '');
  return { name, tag: colon > slash ? noDigest.slice(colon + 1) : undefined };
}

/**
 * The stateful profile of a well-known database, cache, broker, search or object-store image,
 * or undefined for any other image. One function, so a Compose service `image: postgres:16`
 * and an image-only AppDeployment are deployed the same way.
 */
export function statefulImage(imageRef: string): StatefulImage | undefined {
  const { name, tag } = parseRef(imageRef);
  const e = TABLE.find((t) => t.match.test(name));
  if (!e) return undefined;
  const { match: _match, user, ...profile } = e;
  const known = typeof user === 'string' ? knownImageUser(name, tag, user) : user;
  // Every entry's named user is in the image-users table; the fallback only guards a table edit.
  return {
    ...profile,
    ref: imageRef.trim(),
    user: known ?? { uid: 999, gid: 999, evidence: `the ${e.family} images run as 999` },
  };
}
