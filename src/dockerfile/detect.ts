// Language, framework and dependency detection from the dependency manifests a
// Dockerfile copies (package.json, requirements.txt, go.mod …) and from base images.
import type { Dependency, Language } from './facts.js';
import type { DatabaseType } from '../vocabulary.js';

export interface ManifestKind {
  kind: string;
  language: Language;
  match(name: string): boolean;
}

export const MANIFEST_KINDS: ManifestKind[] = [
  { kind: 'npm', language: 'node', match: (n) => n === 'package.json' },
  { kind: 'pip', language: 'python', match: (n) => n === 'requirements.txt' || /^requirements[-.].*\.txt$/.test(n) },
  { kind: 'pyproject', language: 'python', match: (n) => n === 'pyproject.toml' || n === 'Pipfile' },
  { kind: 'go', language: 'go', match: (n) => n === 'go.mod' },
  { kind: 'maven', language: 'java', match: (n) => n === 'pom.xml' },
  { kind: 'gradle', language: 'java', match: (n) => n === 'build.gradle' || n === 'build.gradle.kts' },
  { kind: 'bundler', language: 'ruby', match: (n) => n === 'Gemfile' },
  { kind: 'cargo', language: 'rust', match: (n) => n === 'Cargo.toml' },
  { kind: 'composer', language: 'php', match: (n) => n === 'composer.json' },
  { kind: 'nuget', language: 'dotnet', match: (n) => n.endsWith('.csproj') },
];

/** Package name patterns → framework, per language. First match wins within a manifest. */
const FRAMEWORKS: { language: Language; pattern: RegExp; name: string }[] = [
  { language: 'node', pattern: /"@nestjs\/core"/, name: 'NestJS' },
  { language: 'node', pattern: /"next"\s*:/, name: 'Next.js' },
  { language: 'node', pattern: /"fastify"\s*:/, name: 'Fastify' },
  { language: 'node', pattern: /"express"\s*:/, name: 'Express' },
  { language: 'node', pattern: /"@grpc\/grpc-js"\s*:/, name: 'gRPC (grpc-js)' },
  { language: 'python', pattern: /^\s*fastapi\b/im, name: 'FastAPI' },
  { language: 'python', pattern: /^\s*django\b/im, name: 'Django' },
  { language: 'python', pattern: /^\s*flask\b/im, name: 'Flask' },
  { language: 'python', pattern: /^\s*(tensorflow|tensorflow-gpu)\b/im, name: 'TensorFlow' },
  { language: 'python', pattern: /^\s*torch\b/im, name: 'PyTorch' },
  { language: 'python', pattern: /^\s*celery\b/im, name: 'Celery' },
  { language: 'python', pattern: /^\s*grpcio\b/im, name: 'gRPC (grpcio)' },
  { language: 'go', pattern: /github\.com\/gin-gonic\/gin/, name: 'Gin' },
  { language: 'go', pattern: /github\.com\/labstack\/echo/, name: 'Echo' },
  { language: 'go', pattern: /github\.com\/gofiber\/fiber/, name: 'Fiber' },
  { language: 'go', pattern: /google\.golang\.org\/grpc/, name: 'gRPC (grpc-go)' },
  { language: 'java', pattern: /spring-boot/, name: 'Spring Boot' },
  { language: 'java', pattern: /io\.quarkus/, name: 'Quarkus' },
  { language: 'ruby', pattern: /gem\s+['"]rails['"]/, name: 'Rails' },
  { language: 'ruby', pattern: /gem\s+['"]sinatra['"]/, name: 'Sinatra' },
  { language: 'rust', pattern: /^\s*actix-web\s*=/m, name: 'Actix Web' },
  { language: 'rust', pattern: /^\s*axum\s*=/m, name: 'Axum' },
  { language: 'php', pattern: /"laravel\/framework"/, name: 'Laravel' },
  { language: 'php', pattern: /"symfony\/framework-bundle"/, name: 'Symfony' },
  { language: 'dotnet', pattern: /Microsoft\.NET\.Sdk\.Web|Microsoft\.AspNetCore/, name: 'ASP.NET Core' },
];

const PACKAGE_DEPENDENCIES: { pattern: RegExp; kind: Dependency['kind'] }[] = [
  {
    pattern:
      /"pg"\s*:|^\s*(psycopg2(-binary)?|psycopg|asyncpg)\b|github\.com\/(lib\/pq|jackc\/pgx)|org\.postgresql|\bNpgsql\b|gem\s+['"]pg['"]|tokio-postgres|^\s*sqlx\s*=.*postgres/im,
    kind: 'postgresql',
  },
  {
    pattern: /"mysql2?"\s*:|^\s*(pymysql|mysqlclient)\b|go-sql-driver\/mysql|mysql-connector|gem\s+['"]mysql2['"]/im,
    kind: 'mysql',
  },
  { pattern: /"mongoose"\s*:|"mongodb"\s*:|^\s*(pymongo|motor)\b|mongo-driver/im, kind: 'mongodb' },
  { pattern: /"(ioredis|redis)"\s*:|^\s*redis\b|go-redis|gem\s+['"]redis['"]/im, kind: 'redis' },
  { pattern: /"amqplib"\s*:|^\s*pika\b|streadway\/amqp|rabbitmq\/amqp091-go|gem\s+['"]bunny['"]/im, kind: 'rabbitmq' },
  {
    pattern: /"kafkajs"\s*:|^\s*(kafka-python|confluent-kafka|aiokafka)\b|segmentio\/kafka-go|confluent-kafka-go/im,
    kind: 'kafka',
  },
  { pattern: /"nats"\s*:|^\s*nats-py\b|nats-io\/nats\.go/im, kind: 'nats' },
];

/**
 * Libraries that serve Prometheus metrics over HTTP on the app's own port, with the path
 * they serve by default. Only these (or a configured metrics port) earn a ServiceMonitor.
 */
const METRICS_LIBRARIES: { language: Language; pattern: RegExp; name: string; path: string }[] = [
  {
    language: 'node',
    pattern: /"(prom-client|express-prom-bundle|fastify-metrics)"\s*:/,
    name: 'prom-client',
    path: '/metrics',
  },
  { language: 'node', pattern: /"@willsoto\/nestjs-prometheus"\s*:/, name: 'nestjs-prometheus', path: '/metrics' },
  {
    language: 'python',
    pattern:
      /^\s*(prometheus-fastapi-instrumentator|starlette-exporter|django-prometheus|prometheus-flask-exporter)\b/im,
    name: 'a Prometheus instrumentator',
    path: '/metrics',
  },
  { language: 'go', pattern: /github\.com\/prometheus\/client_golang/, name: 'client_golang', path: '/metrics' },
  {
    language: 'java',
    pattern: /micrometer-registry-prometheus/,
    name: 'Micrometer Prometheus registry',
    path: '/actuator/prometheus',
  },
  { language: 'ruby', pattern: /gem\s+['"]yabeda-prometheus['"]/, name: 'yabeda-prometheus', path: '/metrics' },
  { language: 'dotnet', pattern: /prometheus-net\.AspNetCore/, name: 'prometheus-net', path: '/metrics' },
];

/** The metrics library a manifest pulls in, and the path it serves by default. */
export function metricsLibraryIn(language: Language, text: string): { name: string; path: string } | undefined {
  const hit = METRICS_LIBRARIES.find((m) => m.language === language && m.pattern.test(text));
  if (!hit) return undefined;
  // Quarkus serves Micrometer's registry under its own management path.
  const path = hit.language === 'java' && /io\.quarkus/.test(text) ? '/q/metrics' : hit.path;
  return { name: hit.name, path };
}

export function frameworksIn(language: Language, text: string): string[] {
  return FRAMEWORKS.filter((f) => f.language === language && f.pattern.test(text)).map((f) => f.name);
}

export function dependenciesIn(text: string): Dependency['kind'][] {
  return PACKAGE_DEPENDENCIES.filter((d) => d.pattern.test(text)).map((d) => d.kind);
}

/** ENV names that reveal a backing service. DATABASE_URL means PostgreSQL unless its scheme says otherwise. */
export function dependencyFromEnv(name: string, value: string): Dependency['kind'] | undefined {
  const scheme = /^([a-z0-9+]+):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (name === 'DATABASE_URL' || name === 'DB_URL') {
    if (scheme?.startsWith('mysql')) return 'mysql';
    if (scheme?.startsWith('mongodb')) return 'mongodb';
    return 'postgresql';
  }
  if (/^(POSTGRES|PG)[A-Z_]*$/.test(name) && name !== 'PGDATA') return 'postgresql';
  if (/^MYSQL_/.test(name)) return 'mysql';
  if (/^(MONGO_URL|MONGODB_URI|MONGO_URI|MONGODB_URL)$/.test(name)) return 'mongodb';
  if (/^REDIS_(URL|HOST)$/.test(name)) return 'redis';
  if (/^(AMQP_URL|RABBITMQ_[A-Z_]+|CELERY_BROKER_URL)$/.test(name))
    return name === 'CELERY_BROKER_URL' && scheme?.startsWith('redis') ? 'redis' : 'rabbitmq';
  if (/^KAFKA_[A-Z_]+$/.test(name)) return 'kafka';
  if (name === 'NATS_URL') return 'nats';
  if (/^SQS_[A-Z_]*URL$/.test(name)) return 'sqs';
  if (/^(ELASTICSEARCH|OPENSEARCH)_URL$/.test(name)) return 'elasticsearch';
  return undefined;
}

/** The language a base image implies, by the last segment of its name. */
export function languageOfImage(name: string): Language | undefined {
  const last = name.split('/').pop() ?? name;
  if (/^node$/.test(last)) return 'node';
  if (/^(python|pypy)$/.test(last)) return 'python';
  if (/^golang$/.test(last)) return 'go';
  if (/^(eclipse-temurin|openjdk|amazoncorretto|maven|gradle|ibmjava|sapmachine)$/.test(last)) return 'java';
  if (/^(ruby|jruby)$/.test(last)) return 'ruby';
  if (/^rust$/.test(last)) return 'rust';
  if (/^php$/.test(last)) return 'php';
  if (name.startsWith('mcr.microsoft.com/dotnet')) return 'dotnet';
  if (/^(nginx|nginx-unprivileged|httpd|caddy)$/.test(last)) return 'static';
  return undefined;
}

export function databaseOfImage(name: string): DatabaseType | undefined {
  const last = name.split('/').pop() ?? name;
  if (/^(postgres|postgresql|postgis)$/.test(last)) return 'postgresql';
  if (/^(mysql|mariadb)$/.test(last)) return 'mysql';
  if (/^mongo(db)?$/.test(last)) return 'mongodb';
  if (/^(redis|valkey)$/.test(last)) return 'redis';
  return undefined;
}

export function isGpuImage(name: string, tag = ''): boolean {
  return (
    /nvidia\/cuda|nvcr\.io\/nvidia|pytorch\/pytorch/.test(name) ||
    /gpu|cuda/.test(tag) ||
    (/tensorflow/.test(name) && /gpu/.test(tag))
  );
}
