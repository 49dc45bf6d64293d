// AppDeployment + Dockerfile facts + flags → Plan. Pure: no file system, no network.
import { appContextSchema, type AppContext, type AppPort, type AppType } from './app-context.js';
import type { AppDeployment, PortSpec } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import { selectComponents } from './components.js';
import { estimateResources } from './estimate.js';
import { readRequirements, type RequirementSignals } from './requirements.js';
import { eventSource, planReplicas, scaledByKeda } from './replicas.js';
import { missingValueWarnings } from './missing-values.js';
import { runAsFor } from './run-as.js';
import { onePrimaryWarning, planStateful } from './stateful.js';
import { planSteps } from './steps.js';
import type { Plan, Reason } from './types.js';
import { COMPONENT_IDS, servesHttp, type ComponentId } from './app-context.js';
import type { ComponentRegistry } from './registry.js';
import { brokerPorts, externalEndpoints } from './names.js';
import { metricsEndpoint } from './metrics.js';

export interface PlanInput {
  config: AppDeployment;
  facts?: DockerfileFacts;
  disabled?: ComponentId[];
  /** The components to plan from; the built-in registry when absent. */
  registry?: ComponentRegistry;
  /** --resources-cpu / --resources-memory: win over the config and the estimate. */
  overrides?: { cpu?: string; memory?: string; image?: string };
  /** Deployed with other apps: who calls this one and whom it calls (see AppContext.peers). */
  peers?: AppContext['peers'];
}

const DB_DEPENDENCIES = new Set(['postgresql', 'mysql', 'mongodb', 'redis']);

function portName(p: { port: number; protocol: string }, taken: Set<string>): string {
  const base =
    p.protocol === 'gRPC'
      ? 'grpc'
      : p.protocol === 'HTTPS'
        ? 'https'
        : p.protocol === 'HTTP'
          ? 'http'
          : `${p.protocol.toLowerCase()}-${p.port}`;
  // A second port of the same protocol is named by its number (http-443), then counted.
  let name = base;
  if (taken.has(name) && !base.endsWith(`-${p.port}`)) name = `${base}-${p.port}`.slice(0, 15);
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
    // The server's own `listen` line says whether a port speaks TLS; the number alone is a guess.
    const listen = facts?.listeners?.find((l) => l.port === e.port);
    const tls = listen ? listen.tls : e.port === 443 || e.port === 8443;
    const protocol = e.protocol === 'udp' ? 'UDP' : grpcHint ? 'gRPC' : tls ? 'HTTPS' : 'HTTP';
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
  const stateful = planStateful(
    config,
    input.overrides?.image ?? spec.image,
    config.metadata.namespace ?? config.metadata.name,
  );
  const { ports } = stateful?.ports ? { ports: stateful.ports } : resolvePorts(config, facts, grpcHint);

  const gpu = spec.resources.gpu ?? (signals.gpu || facts?.gpu ? 1 : 0);
  const appType = appTypeOf(ports, facts, gpu);
  const metrics = metricsEndpoint(config, facts, ports);
  const securityProfile =
    spec.securityProfile === 'standard' && signals.compliance ? signals.compliance.profile : spec.securityProfile;

  const { kind: eventsKind, dependency: eventDep } = eventSource(signals, facts);
  const replicas = planReplicas(config, signals, scaledByKeda(config, eventsKind, input.disabled ?? []));
  // A stateful image runs one primary: more pods would be separate instances, not replicas.
  const { min: minReplicas, max: maxReplicas } = stateful ? { min: 1, max: 1 } : replicas;
  if (stateful && replicas.min > 1) warnings.push(onePrimaryWarning(stateful, replicas.min));
  else if (!stateful) warnings.push(...replicas.warnings);

  const est = estimateResources({
    language: facts?.language,
    framework: facts?.frameworks[0]?.name,
    appType,
    multiStage: facts?.multiStage,
    gpu,
    requirements: spec.requirements,
  });
  const cpu = input.overrides?.cpu ?? spec.resources.cpu ?? est.cpu;
  const memory = input.overrides?.memory ?? spec.resources.memory ?? stateful?.image.memory ?? est.memory;
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

  const hasHttpPorts = ports.some(servesHttp);
  const components = selectComponents(
    {
      config,
      facts,
      signals,
      // A metrics port apart from spec.ports still needs the Service Prometheus finds it through.
      hasPorts: ports.length > 0 || metrics.extra,
      metrics: { scraped: metrics.port !== undefined, reason: metrics.reason },
      hasHttpPorts,
      eventsKind,
      databaseType,
      databaseReason,
      replicas: { min: minReplicas, max: maxReplicas, reason: replicas.reason },
      disabled: input.disabled ?? [],
      stateful: stateful && { reason: stateful.reason, ref: stateful.image.ref, kind: stateful.image.kind },
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
    ports.length === 0 || stateful
      ? undefined
      : appType === 'grpc'
        ? { port: healthPort.port, grpc: true }
        : {
            path: healthPort.healthCheck ?? facts?.healthcheck?.path,
            port: facts?.healthcheck?.port ?? healthPort.port,
            grpc: false,
          };

  const user = facts?.user;
  const runAs = stateful
    ? { runAsUser: stateful.runAsUser, runAsGroup: stateful.runAsGroup, warning: undefined }
    : runAsFor(spec, facts);
  if (user?.root)
    warnings.push(
      `the image runs as root (${facts!.file.split('/').pop()}:${user.source.line}); pods run as uid ${runAs.runAsUser} under Pod Security "restricted" — make sure the image allows it`,
    );
  if (runAs.warning) warnings.push(runAs.warning);
  warnings.push(...(stateful?.warnings ?? []));
  const image = input.overrides?.image ?? spec.image ?? `registry.local/${config.metadata.name}:0.1.0`;
  if (!spec.image && !input.overrides?.image)
    warnings.push(`no spec.image: manifests use ${image}; set spec.image to the registry your pipeline pushes to`);
  const namespace = config.metadata.namespace ?? config.metadata.name;
  warnings.push(...missingValueWarnings(config, namespace, on, spec.components.ingress.enabled ?? hasHttpPorts));

  const loadReqs = signals.load;
  const app: AppContext = appContextSchema.parse({
    name: config.metadata.name,
    namespace,
    labels: config.metadata.labels,
    image,
    appType,
    language: facts?.language ?? 'unknown',
    languageVersion: facts?.languageVersion,
    framework: facts?.frameworks[0]?.name,
    ports,
    health,
    writablePaths: stateful?.writablePaths ?? [...new Set(['/tmp', ...(facts?.volumes.map((v) => v.path) ?? [])])],
    runAsUser: runAs.runAsUser,
    runAsGroup: runAs.runAsGroup,
    resources: {
      cpu,
      memory,
      cpuLimit: spec.resources.cpu ?? input.overrides?.cpu ?? est.cpuLimit,
      memoryLimit: input.overrides?.memory ?? spec.resources.memory ?? stateful?.image.memory ?? est.memoryLimit,
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
    ingress:
      on('ingress') && spec.components.ingress.host
        ? {
            className: spec.components.ingress.className,
            tls: spec.components.ingress.tls,
            host: spec.components.ingress.host,
            annotations: spec.components.ingress.annotations,
            rateLimitPerMinute: loadReqs ? 600 : undefined,
            acmeEmail: spec.components.ingress.acmeEmail,
          }
        : undefined,
    mesh: on('service-mesh') ? { mTLS: spec.components.serviceMesh.mTLS } : undefined,
    monitoring: spec.components.monitoring.enabled
      ? {
          metrics: spec.components.monitoring.metrics,
          traces: spec.components.monitoring.traces,
          logs: spec.components.monitoring.logs,
          metricsPort: metrics.port?.port,
          metricsPath: metrics.path,
          runbookBaseUrl: spec.components.monitoring.runbookBaseUrl,
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
    stateful: stateful?.context,
    ...(input.peers ? { peers: input.peers } : {}),
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

  return {
    app,
    components,
    steps: planSteps(app, components, input.registry),
    resources: { cpu, memory, reason: resourceReason },
    warnings,
    suggestions: stateful ? [] : replicas.suggestions,
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
