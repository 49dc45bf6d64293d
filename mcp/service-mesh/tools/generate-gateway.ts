import { z } from 'zod';
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_gateway',
  title: 'Generate an Istio Gateway',
  description:
    'An Istio Gateway on the ingress gateway for apps exposed through the mesh: HTTPS with the cert-manager secret, HTTP redirected to HTTPS.',
  input: z.object({
    app: appContextSchema,
    selector: z.record(z.string(), z.string()).default({ istio: 'ingressgateway' }),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, selector }) => {
    if (!app.ingress) throw new ToolError('the app has no ingress host; a Gateway needs one');
    const gw = new Gateway({
      metadata: { name: names.gateway(app), namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        selector,
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: [app.ingress.host],
            tls: { httpsRedirect: true },
          },
          ...(app.ingress.tls
            ? [
                {
                  port: { number: 443, name: 'https', protocol: 'HTTPS' },
                  hosts: [app.ingress.host],
                  tls: { mode: 'SIMPLE' as const, credentialName: names.tlsSecret(app) },
                },
              ]
            : []),
        ],
      },
    });
    gw.validate();
    return output(
      [{ path: FILES.virtualService, objects: [gw.toJSON() as never] }],
      [`the mesh ingress gateway serves ${app.ingress.host}`],
    );
  },
});
