// The Ingress both controllers share: one rule per HTTP port path, backends by
// Service port name, TLS from cert-manager's secret.
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { commonLabels, has, servesHttp, type AppContext } from '../../src/plan/app-context.js';
import { names } from '../../src/plan/names.js';
import { ToolError } from '../shared/tool.js';

export function buildIngress(app: AppContext, className: string, annotations: Record<string, string>): Ingress {
  const ing = app.ingress;
  if (!ing) throw new ToolError('the app has no ingress settings (app.ingress); enable the ingress component');
  const web = app.ports.filter(servesHttp);
  if (web.length === 0) throw new ToolError('the app has no HTTP, HTTPS or gRPC port to route to');
  const tls = ing.tls && has(app, 'certificates');
  const ingress = new Ingress({
    metadata: {
      name: app.name,
      namespace: app.namespace,
      labels: commonLabels(app),
      annotations: { ...annotations, ...ing.annotations },
    },
    spec: {
      ingressClassName: className,
      ...(tls ? { tls: [{ hosts: [ing.host], secretName: names.tlsSecret(app) }] } : {}),
      rules: [
        {
          host: ing.host,
          // One backend per path: a second port on the same path (nginx on 80 and 443) would never get traffic.
          http: {
            paths: web
              .filter((p, i) => web.findIndex((q) => (q.path ?? '/') === (p.path ?? '/')) === i)
              .map((p) => ({
                path: p.path ?? '/',
                pathType: 'Prefix',
                backend: { service: { name: names.service(app), port: { name: p.name } } },
              })),
          },
        },
      ],
    },
  });
  ingress.validate();
  return ingress;
}
