import { z } from 'zod';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output, type Finding } from '../../../src/manifests/result.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool, ToolError } from '../../shared/tool.js';

interface CAs {
  authorities: Record<string, { server?: string; description: string }>;
}

export default defineTool({
  name: 'generate_certificates',
  title: 'Generate TLS certificates',
  description:
    'A cert-manager Issuer (ACME HTTP-01 through the ingress class, or self-signed) and a Certificate for the ingress host into the TLS Secret the Ingress uses. Regulated profiles get ECDSA P-384 keys.',
  input: z.object({
    app: appContextSchema,
    email: z.string().email().optional().describe("ACME account e-mail; the app's acmeEmail when absent"),
    authority: z
      .enum(['letsencrypt-production', 'letsencrypt-staging', 'self-signed'])
      .default('letsencrypt-production'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, email, authority }) => {
    if (!app.ingress) throw new ToolError('the app has no ingress host to certify; enable the ingress component');
    const ca = readTemplateJson<CAs>('certificate-authorities.json').authorities[authority];
    const findings: Finding[] = [];
    const meta = { namespace: app.namespace, labels: commonLabels(app) };
    const acme = authority !== 'self-signed';
    const contact = email ?? app.ingress.acmeEmail;
    // No stand-in address: ACME accounts may have none, and Let's Encrypt refuses example domains.
    if (acme && !contact)
      findings.push({
        severity: 'warning',
        rule: 'acme-email',
        message: 'the ACME account has no e-mail address, so certificate expiry and policy notices reach nobody',
        subject: `Issuer/${names.issuer(app)}`,
        fix: 'set spec.components.ingress.acmeEmail',
      });
    const issuer = new Issuer({
      metadata: { name: names.issuer(app), ...meta },
      spec: acme
        ? {
            acme: {
              server: ca.server!,
              ...(contact ? { email: contact } : {}),
              privateKeySecretRef: { name: `${names.issuer(app)}-account` },
              solvers: [{ http01: { ingress: { ingressClassName: app.ingress.className } } }],
            },
          }
        : { selfSigned: {} },
    });
    const regulated = app.securityProfile !== 'standard';
    const cert = new Certificate({
      metadata: { name: app.name, ...meta },
      spec: {
        secretName: names.tlsSecret(app),
        dnsNames: [app.ingress.host],
        issuerRef: { name: names.issuer(app), kind: 'Issuer' },
        duration: '2160h',
        renewBefore: '360h',
        privateKey: regulated
          ? { algorithm: 'ECDSA', size: 384, rotationPolicy: 'Always' }
          : { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });
    issuer.validate();
    cert.validate();
    return output(
      [{ path: FILES.ingress, objects: [issuer.toJSON() as never, cert.toJSON() as never] }],
      [
        `${ca.description} certificate for ${app.ingress.host}, renewed 15 days before expiry`,
        regulated ? `ECDSA P-384 keys for the ${app.securityProfile} profile` : 'ECDSA P-256 keys',
      ],
      findings,
    );
  },
});
