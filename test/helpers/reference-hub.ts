// Test doubles for a card's verdict: a hub whose test-only generators write a Deployment and a
// metrics Service whose targetPort (an argument) must name one of the Deployment's container ports.
import type { Planner, PlannerMove, ToolHub } from '../../src/agent/engine.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import type { SessionState } from '../../src/sessions/state.js';

export const METRICS_FILE = 'k8s-manifests/09-metrics.yaml';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'shop' } },
    template: {
      metadata: { labels: { app: 'shop' } },
      spec: {
        containers: [
          {
            name: 'shop',
            image: 'shop:1.0.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
          },
        ],
      },
    },
  },
};

/** The Service a test-only generator writes: its targetPort must name one of the pods' container ports. */
export const metricsObjects = (port: string) => [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-metrics', namespace: 'shop' },
    data: { 'scrape.yaml': 'interval: 30s\n' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop-metrics', namespace: 'shop' },
    spec: { selector: { app: 'shop' }, ports: [{ name: 'metrics', port: 9090, targetPort: port }] },
  },
];

/**
 * ReferenceHub: a test double standing in for McpHub, serving two pure built-in generators
 * that exist only in this test: `demo/generate_app` (a Deployment with a container port
 * named http) and `demo/generate_metrics` (a Service whose targetPort is its `port` argument).
 */
export class ReferenceHub implements ToolHub {
  async findTool() {
    return {
      annotations: { readOnlyHint: true },
      hints: 'builtin' as const,
      pure: true,
      inputSchema: { type: 'object', properties: { port: { type: 'string' } }, additionalProperties: false },
    };
  }
  async callTool(_s: string, tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    const files =
      tool === 'generate_app'
        ? [{ path: 'k8s-manifests/04-deployment.yaml', objects: [deployment] }]
        : [{ path: METRICS_FILE, objects: metricsObjects(String(args.port ?? 'metrics')) }];
    return { isError: false, text: 'ok', structured: { files, findings: [], reasons: [] }, raw: { content: [] } };
  }
}

/** TwoCalls: a planner that proposes the app, then its metrics Service with `port`, then waits. */
export class TwoCalls implements Planner {
  readonly name = 'rules';
  constructor(private readonly port: string) {}
  async next(state: SessionState): Promise<PlannerMove> {
    if (state.calls.length === 0)
      return { type: 'call', call: { server: 'demo', tool: 'generate_app', args: {}, reasons: ['the app'] } };
    if (state.calls.length === 1)
      return {
        type: 'call',
        call: { server: 'demo', tool: 'generate_metrics', args: { port: this.port }, reasons: ['scrape it'] },
      };
    return { type: 'wait' };
  }
}
