// Which port, if any, serves Prometheus metrics. A ServiceMonitor that scrapes a port
// without a metrics endpoint fails on every scrape and raises a target-down alert, so
// only a known endpoint earns one: the config's metricsPort, or a metrics library the
// build copies in. Prometheus speaks plain HTTP, so a gRPC or UDP port never qualifies.
import { has, type AppContext, type AppPort } from './app-context.js';
import type { AppDeployment } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import type { Reason } from './types.js';

export interface MetricsEndpoint {
  /** The port Prometheus scrapes; absent when the app serves no metrics anyone knows of. */
  port?: AppPort;
  path: string;
  /** Why there is a ServiceMonitor, or why there is none. */
  reason: Reason;
  /** The metrics port is not one of the app's ports: the Service and the container get it besides them. */
  extra: boolean;
}

/**
 * A metrics port the config names apart from spec.ports. It stays out of `app.ports`, which
 * decide the app's kind, its Ingress routes and load balancer; the Service and the container
 * list it so the ServiceMonitor can reach it by name.
 */
export function separateMetricsPort(app: AppContext): AppPort | undefined {
  const port = app.monitoring?.metricsPort;
  if (port === undefined || !has(app, 'monitoring') || app.ports.some((p) => p.port === port)) return undefined;
  return { name: 'metrics', port, protocol: 'HTTP' };
}

const scrapable = (p: AppPort) => p.protocol === 'HTTP' || p.protocol === 'TCP';

export function metricsEndpoint(
  config: AppDeployment,
  facts: DockerfileFacts | undefined,
  ports: AppPort[],
): MetricsEndpoint {
  const mon = config.spec.components.monitoring;
  const lib = facts?.metricsLibrary;
  const path = mon.metricsPath ?? lib?.path ?? '/metrics';
  if (mon.metricsPort !== undefined) {
    const listed = ports.find((p) => p.port === mon.metricsPort);
    const port: AppPort = listed ?? { name: 'metrics', port: mon.metricsPort, protocol: 'HTTP' };
    return {
      port,
      path,
      reason: {
        text: `Prometheus scrapes port ${port.port} at ${path}`,
        source: 'config',
        ref: 'spec.components.monitoring.metricsPort',
      },
      extra: !listed,
    };
  }
  const dfName = facts?.file.split('/').pop() ?? 'Dockerfile';
  if (lib) {
    const port = ports.find(scrapable);
    if (port)
      return {
        port,
        path,
        reason: {
          text: `${lib.name} serves ${path} on port ${port.port} ← ${lib.evidence}`,
          source: 'dockerfile',
          ref: dfName,
        },
        extra: false,
      };
    return {
      path,
      reason: {
        text: `${lib.name} (${lib.evidence}) but no plain HTTP port to scrape it on${ports.some((p) => p.protocol === 'gRPC') ? ' (gRPC is not scraped)' : ''}; set spec.components.monitoring.metricsPort`,
        source: 'dockerfile',
        ref: dfName,
      },
      extra: false,
    };
  }
  return {
    path,
    reason: {
      text: 'no known metrics endpoint (no Prometheus library in the copied manifests); set spec.components.monitoring.metricsPort if the app serves one',
      source: 'default',
    },
    extra: false,
  };
}
