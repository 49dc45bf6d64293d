// AppDeployment + Dockerfile facts + flags → Plan. Pure: no file system, no network.
import { appContextSchema, type AppContext, type AppPort, type AppType } from './app-context.js';
import type { AppDeployment, PortSpec } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { selectComponents } from './components.js';
import { estimateResources } from './estimate.js';
import { readRequirements, type RequirementSignals } from './requirements.js';
import { runAsFor } from './run-as.js';
import { planSteps } from './steps.js';
import type { Plan, Reason } from './types.js';
import { COMPONENT_IDS, type ComponentId } from './app-context.js';
import type { ComponentRegistry } from './registry.js';
import { brokerPorts, externalEndpoints } from './names.js';

export interface PlanInput {
  config: AppDeployment;
  facts?: DockerfileFacts;
  disabled?: ComponentId[];
  /** The components to plan from; the built-in registry when absent. */
  registry?: ComponentRegistry;
  /** --resources-cpu / --resources-memory: win over the config and the estimate. */
  overrides?: { cpu?: string; memory?: string; image?: string };
}

const DB_DEPENDENCIES = new Set(['postgresql', 'mysql', 'mongodb', 'redis']);
const EVENT_DEPENDENCIES: Record<string, string> = {
  rabbitmq: 'rabbitmq',
  kafka: 'kafka',
  nats: 'nats-jetstream',
  sqs: 'aws-sqs-queue',
};

function portName(p: { port: number; protocol: string }, taken: Set<string>): string {
  const base =
    p.protocol === 'gRPC'
      ? 'grpc'
      : p.protocol === 'HTTPS'
        ? 'https'
        : p.protocol === 'HTTP'
          ? 'http'
          : `${p.protocol.toLowerCase()}-${p.port}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`.slice(0, 15);
  taken.add(name);
  return name;
}

function resolvePorts(
  config: AppDeployment,
  facts: DockerfileFacts | undefined,
  grpcHint: boolean,
): { ports: AppPort[]; reasons: Reason[] } {
  const taken = new Set<string>();
  if (config.spec.ports.length > 0) {
    const ports = config.spec.ports.map((p: PortSpec) => ({
      name: p.name ?? portName(p, taken),
      port: p.port,
      protocol: p.protocol,
      path: p.path,
      healthCheck: p.healthCheck,
    }));
    ports.forEach((p) => taken.add(p.name));
    return {
      ports,
      reasons: [
        {
          text: `ports ${ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}`,
          source: 'config',
          ref: 'spec.ports',
        },
      ],
    };
  }
  // One Service port per port and protocol, however often the Dockerfile EXPOSEs it.
  const exposed = (facts?.exposed ?? []).filter(
    (e, i, all) => all.findIndex((x) => x.port === e.port && x.protocol === e.protocol) === i,
  );
  const ports = exposed.map((e) => {
    const protocol =
      e.protocol === 'udp' ? 'UDP' : grpcHint ? 'gRPC' : e.port === 443 || e.port === 8443 ? 'HTTPS' : 'HTTP';
    return {
      name: portName({ port: e.port, protocol }, taken),
      port: e.port,
      protocol: protocol as AppPort['protocol'],
    };
  });
  const reasons = exposed.map((e): Reason => ({
    text: `port ${e.port}/${e.protocol} ← EXPOSE`,
    source: 'dockerfile',
    ref: `${facts!.file.split('/').pop()}:${e.source.line}`,
  }));
  return { ports, reasons };
}

function appTypeOf(ports: AppPort[], facts: DockerfileFacts | undefined, gpu: number): AppType {
  if (gpu > 0 || facts?.gpu) return 'gpu-inference';
  if (ports.length === 0) return 'worker';
  if (ports.some((p) => p.protocol === 'gRPC')) return 'grpc';
  if (facts?.language === 'static') return 'static';
  return 'http';
}

export function buildPlan(input: PlanInput): Plan {
  const { config, facts } = input;
  const spec = config.spec;
  const signals: RequirementSignals = readRequirements(spec.requirements);
  const warnings: string[] = [];
  const grpcHint = signals.grpc !== undefined || (facts?.frameworks.some((f) => /grpc/i.test(f.name)) ?? false);
  const { ports } = resolvePorts(config, facts, grpcHint);

  const gpu = spec.resources.gpu ?? (signals.gpu || facts?.gpu ? 1 : 0);
  const appType = appTypeOf(ports, facts, gpu);
  const securityProfile =
    spec.securityProfile === 'standard' && signals.compliance ? signals.compliance.profile : spec.securityProfile;

  // Scaling: requirements may raise the floor (HA, uptime) but never lower what the config says.
  let minReplicas = spec.scaling.minReplicas;
  let replicaReason: Reason = { text: `minReplicas ${minReplicas}`, source: 'config', ref: 'spec.scaling.minReplicas' };
  const haWhy =
    signals.highAvailability ?? (signals.uptime && signals.uptime.percent >= 99.9 ? signals.uptime.reason : undefined);
  if (haWhy && minReplicas < 3) {
    minReplicas = 3;
    replicaReason = { ...haWhy, text: `3 replicas across zones ← ${haWhy.text}` };
  } else if (signals.uptime && minReplicas < 2) {
    minReplicas = 2;
    replicaReason = { ...signals.uptime.reason, text: `2 replicas ← ${signals.uptime.reason.text}` };
  }
  const maxReplicas = Math.max(spec.scaling.maxReplicas, minReplicas);

  const est = estimateResources({
    language: facts?.language,
    framework: facts?.frameworks[0]?.name,
    appType,
    multiStage: facts?.multiStage,
    gpu,
    requirements: spec.requirements,
  });
  const cpu = input.overrides?.cpu ?? spec.resources.cpu ?? est.cpu;
  const memory = input.overrides?.memory ?? spec.resources.memory ?? est.memory;
  const resourceReason: Reason =
    input.overrides?.cpu || input.overrides?.memory
      ? { text: 'resources from --resources-cpu/--resources-memory', source: 'flag' }
      : spec.resources.cpu || spec.resources.memory
        ? { text: 'resources from the config', source: 'config', ref: 'spec.resources' }
        : { text: `estimated: ${est.reasons.join('; ')}`, source: 'estimate' };

  // Database: the config names it, or the Dockerfile/requirements reveal it (ENV DATABASE_URL → Zalando).
  const depDb = facts?.dependencies.find((d) => DB_DEPENDENCIES.has(d.kind) && (d.kind !== 'redis' || !spec.database));
  let databaseType: string | undefined = spec.database?.type;
  let databaseReason: Reason | undefined = spec.database
    ? { text: `${spec.database.type} ${spec.database.size}`, source: 'config', ref: 'spec.database' }
    : undefined;
  if (!databaseType && depDb && depDb.kind !== 'redis') {
    databaseType = depDb.kind;
    databaseReason = {
      text: `${depDb.kind === 'postgresql' ? 'Zalando Postgres Operator' : depDb.kind} ← ${depDb.evidence}`,
      source: 'dockerfile',
      ref: `${facts!.file.split('/').pop()}:${depDb.source.line}`,
    };
  } else if (!databaseType && signals.database) {
    databaseType = signals.database.type;
    databaseReason = signals.database.reason;
  }

  const eventDep = facts?.dependencies.find((d) => d.kind in EVENT_DEPENDENCIES);
  const eventsKind = signals.events?.kind ?? (eventDep ? EVENT_DEPENDENCIES[eventDep.kind] : undefined);

  const hasHttpPorts = ports.some((p) => p.protocol === 'HTTP' || p.protocol === 'HTTPS' || p.protocol === 'gRPC');
  const components = selectComponents(
    {
      config,
      facts,
      signals,
      hasPorts: ports.length > 0,
      hasScrapePort: ports.some((p) => p.protocol !== 'UDP'),
      hasHttpPorts,
      eventsKind,
      databaseType,
      databaseReason,
      replicas: { min: minReplicas, max: maxReplicas, reason: replicaReason },
      disabled: input.disabled ?? [],
    },
    input.registry,
  );
  const on = (id: ComponentId) => components.find((c) => c.id === id)!.enabled;
  // The app context names the components generators know; a registry's extra ones live in the plan only.
  const enabled = components
    .filter((c) => c.enabled && (COMPONENT_IDS as readonly string[]).includes(c.id))
    .map((c) => c.id);

  const healthPort = ports.find((p) => p.healthCheck) ?? ports[0];
  const health =
    ports.length === 0
      ? undefined
      : appType === 'grpc'
        ? { port: healthPort.port, grpc: true }
        : {
            path: healthPort.healthCheck ?? facts?.healthcheck?.path,
            port: facts?.healthcheck?.port ?? healthPort.port,
            grpc: false,
          };

  const user = facts?.user;
  const runAs = runAsFor(spec, facts);
  if (user?.root)
    warnings.push(
      `the image runs as root (${facts!.file.split('/').pop()}:${user.source.line}); pods run as uid ${runAs.runAsUser} under Pod Security "restricted" — make sure the image allows it`,
    );
  if (runAs.warning) warnings.push(runAs.warning);
  const image = input.overrides?.image ?? spec.image ?? `registry.local/${config.metadata.name}:0.1.0`;
  if (!spec.image && !input.overrides?.image)
    warnings.push(`no spec.image: manifests use ${image}; set spec.image to the registry your pipeline pushes to`);
  const host = spec.components.ingress.host ?? `${config.metadata.name}.example.com`;
  if (on('ingress') && !spec.components.ingress.host)
    warnings.push(`no spec.components.ingress.host: the Ingress uses ${host}`);

  const loadReqs = signals.load;
  const app: AppContext = appContextSchema.parse({
    name: config.metadata.name,
    namespace: config.metadata.namespace ?? config.metadata.name,
    labels: config.metadata.labels,
    image,
    appType,
    language: facts?.language ?? 'unknown',
    framework: facts?.frameworks[0]?.name,
    ports,
    health,
    writablePaths: [...new Set(['/tmp', ...(facts?.volumes.map((v) => v.path) ?? [])])],
    runAsUser: runAs.runAsUser,
    runAsGroup: runAs.runAsGroup,
    resources: {
      cpu,
      memory,
      cpuLimit: spec.resources.cpu ?? input.overrides?.cpu ?? est.cpuLimit,
      memoryLimit: input.overrides?.memory ?? spec.resources.memory ?? est.memoryLimit,
      gpu,
      storage: spec.resources.storage,
    },
    scaling: {
      minReplicas,
      maxReplicas,
      targetCPU: spec.scaling.targetCPU,
      targetMemory: spec.scaling.targetMemory,
      predictive: spec.scaling.predictive ?? spec.components.autoscaling.predictive,
    },
    securityProfile,
    secretsRequired: spec.secretsRequired,
    database:
      databaseType && on('database')
        ? {
            type: databaseType,
            size: spec.database?.size ?? '10Gi',
            backup: spec.database?.backup ?? true,
            instances: minReplicas > 1 || signals.highAvailability ? 2 : 1,
            version: spec.database?.version,
          }
        : undefined,
    ingress: on('ingress')
      ? {
          className: spec.components.ingress.className,
          tls: spec.components.ingress.tls,
          host,
          annotations: spec.components.ingress.annotations,
          rateLimitPerMinute: loadReqs ? 600 : undefined,
        }
      : undefined,
    mesh: on('service-mesh') ? { mTLS: spec.components.serviceMesh.mTLS } : undefined,
    monitoring: spec.components.monitoring.enabled
      ? {
          metrics: spec.components.monitoring.metrics,
          traces: spec.components.monitoring.traces,
          logs: spec.components.monitoring.logs,
          metricsPort: ports.find((p) => p.protocol !== 'UDP')?.port,
        }
      : undefined,
    cicd: spec.components.cicd.enabled
      ? {
          gitRepo: spec.components.cicd.gitRepo,
          branch: spec.components.cicd.branch,
          webhook: spec.components.cicd.webhook,
        }
      : undefined,
    endpoints: urlEndpoints(facts),
    events: eventsKind
      ? { kind: eventsKind, evidence: signals.events?.reason.text ?? eventDep?.evidence ?? eventsKind }
      : undefined,
    requirements: spec.requirements,
    components: enabled,
  });

  for (const e of on('network-policy') ? externalEndpoints(app) : [])
    warnings.push(
      `${e.env} (${e.source}) points at ${e.host}:${e.port}, which this tree does not create: it must run already; the NetworkPolicy allows egress to TCP/${e.port} ${e.host.includes('.') ? 'anywhere' : `in namespace ${app.namespace}`} and nothing else`,
    );
  const broker = on('network-policy') ? brokerPorts(app) : [];
  if (broker.length)
    warnings.push(
      `the ${app.events!.kind} broker is not in this tree (its address comes from a Secret): it must run already; the NetworkPolicy allows egress to TCP/${broker.join(', TCP/')} anywhere and nothing else`,
    );
  if (on('service-mesh'))
    warnings.push(
      'service mesh: Istio sidecars with Istio CNI (namespace annotation kaptainkube.dev/mesh-mode=sidecar-cni); the cluster must run the istio-cni node agent, or Pod Security "restricted" rejects the istio-init container',
    );
  if (securityProfile !== spec.securityProfile)
    warnings.push(`security profile raised to ${securityProfile}: ${signals.compliance!.reason.text}`);
  if (minReplicas !== spec.scaling.minReplicas)
    warnings.push(`minReplicas raised from ${spec.scaling.minReplicas} to ${minReplicas}: ${replicaReason.text}`);

  return {
    app,
    components,
    steps: planSteps(app, components, input.registry),
    resources: { cpu, memory, reason: resourceReason },
    warnings,
  };
}

const DEFAULT_PORTS: Record<string, number> = {
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mongodb: 27017,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  kafka: 9092,
};

/** The services the image's dependency URL variables name (`ENV DATABASE_URL=postgres://u@h:5432/db`). */
function urlEndpoints(facts: DockerfileFacts | undefined): AppContext['endpoints'] {
  const out: AppContext['endpoints'] = [];
  for (const d of facts?.dependencies ?? []) {
    const name = d.evidence.startsWith('ENV ') ? d.evidence.slice(4) : undefined;
    const e = name ? facts!.env.find((x) => x.name === name) : undefined;
    if (!e) continue;
    let url: URL;
    try {
      url = new URL(e.value);
    } catch {
      continue;
    }
    const scheme = url.protocol.replace(/:$/, '');
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
    if (!url.hostname || !port) continue;
    const database = url.pathname.replace(/^\//, '') || undefined;
    out.push({
      env: e.name,
      kind: d.kind,
      scheme,
      host: url.hostname,
      port,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(database ? { database } : {}),
      source: `${facts!.file.split('/').pop()}:${e.source.line}`,
    });
  }
  return out;
}
