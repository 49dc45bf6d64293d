import { z } from 'zod';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import { appContextSchema, commonLabels, selectorLabels } from '../../shared/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../shared/result.js';
import { defineTool } from '../../shared/tool.js';

const MODE = { strict: 'STRICT', permissive: 'PERMISSIVE', disabled: 'DISABLE' } as const;

export default defineTool({
  name: 'configure_mtls',
  title: 'Configure mutual TLS',
  description: 'A PeerAuthentication for the app\'s pods with the configured mTLS mode (STRICT, PERMISSIVE or DISABLE).',
  input: z.object({ app: appContextSchema, mode: z.enum(['strict', 'permissive', 'disabled']).optional() }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, mode }) => {
    const m = mode ?? app.mesh?.mTLS ?? 'strict';
    const pa = new PeerAuthentication({
      metadata: { name: app.name, namespace: app.namespace, labels: commonLabels(app) },
      spec: { selector: { matchLabels: selectorLabels(app) }, mtls: { mode: MODE[m] } },
    });
    pa.validate();
    const findings = m !== 'strict' && app.securityProfile !== 'standard' ? [{ severity: 'warning' as const, rule: 'mtls-not-strict', message: `the ${app.securityProfile} profile expects STRICT mTLS, not ${MODE[m]}`, subject: `PeerAuthentication/${app.name}` }] : [];
    return output([{ path: FILES.destinationRule, objects: [pa.toJSON() as never] }], [`mTLS ${MODE[m]} for the app's pods`], findings);
  },
});
