import { z } from 'zod';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import { appContextSchema, commonLabels, has, selectorLabels, servesHttp } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

const MODE = { strict: 'STRICT', permissive: 'PERMISSIVE', disabled: 'DISABLE' } as const;

export default defineTool({
  name: 'configure_mtls',
  title: 'Configure mutual TLS',
  description: "A PeerAuthentication for the app's pods with the configured mTLS mode (STRICT, PERMISSIVE or DISABLE).",
  input: z.object({ app: appContextSchema, mode: z.enum(['strict', 'permissive', 'disabled']).optional() }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, mode }) => {
    const m = mode ?? app.mesh?.mTLS ?? 'strict';
    // Callers outside the mesh speak plain text: Prometheus scraping, and an ingress controller
    // other than Istio's gateway. STRICT would refuse them, so only the ports they reach accept both.
    const plain = new Map<number, string>();
    if (m === 'strict' && has(app, 'monitoring') && app.monitoring?.metricsPort)
      plain.set(app.monitoring.metricsPort, 'Prometheus scrapes');
    if (m === 'strict' && has(app, 'ingress') && app.ingress && app.ingress.className !== 'istio') {
      for (const p of app.ports.filter(servesHttp))
        plain.set(p.port, [plain.get(p.port), `the ${app.ingress.className} controller`].filter(Boolean).join(' and '));
    }
    const ports = [...plain.keys()].sort((a, b) => a - b);
    const pa = new PeerAuthentication({
      metadata: { name: app.name, namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        selector: { matchLabels: selectorLabels(app) },
        mtls: { mode: MODE[m] },
        ...(ports.length
          ? { portLevelMtls: Object.fromEntries(ports.map((p) => [String(p), { mode: 'PERMISSIVE' }])) }
          : {}),
      },
    });
    pa.validate();
    const findings =
      m !== 'strict' && app.securityProfile !== 'standard'
        ? [
            {
              severity: 'warning' as const,
              rule: 'mtls-not-strict',
              message: `the ${app.securityProfile} profile expects STRICT mTLS, not ${MODE[m]}`,
              subject: `PeerAuthentication/${app.name}`,
            },
          ]
        : [];
    const reasons = [
      `mTLS ${MODE[m]} for the app's pods`,
      ...ports.map(
        (p) => `port ${p} PERMISSIVE: ${plain.get(p)} reach it without a sidecar (mesh the caller to make it STRICT)`,
      ),
    ];
    return output([{ path: FILES.destinationRule, objects: [pa.toJSON() as never] }], reasons, findings);
  },
});
