import { z } from 'zod';
import { appContextSchema, commonLabels, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';

interface Baselines {
  profiles: Record<string, { gatekeeper: string[] }>;
}
interface Templates {
  templates: { kind: string; description: string; rego: string; parameters?: Record<string, unknown> }[];
}

function gatekeeperObjects(app: AppContext, allowedRegistries: string[]) {
  const profile = readTemplateJson<Baselines>('security-baselines.json').profiles[app.securityProfile];
  const lib = readTemplateJson<Templates>('gatekeeper-templates.json').templates;
  const objects: Record<string, unknown>[] = [];
  for (const kind of profile.gatekeeper) {
    const t = lib.find((x) => x.kind === kind)!;
    const lower = kind.toLowerCase();
    objects.push({
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: lower, labels: commonLabels(app), annotations: { description: t.description } },
      spec: {
        crd: {
          spec: {
            names: { kind },
            ...(t.parameters ? { validation: { openAPIV3Schema: { type: 'object', properties: t.parameters } } } : {}),
          },
        },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: t.rego }],
      },
    });
    objects.push({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind,
      metadata: { name: `${app.name}-${lower}`, labels: commonLabels(app) },
      spec: {
        enforcementAction: 'deny',
        match: {
          namespaces: [app.namespace],
          kinds: [
            { apiGroups: ['apps'], kinds: ['Deployment', 'StatefulSet'] },
            { apiGroups: ['argoproj.io'], kinds: ['Rollout'] },
          ],
        },
        ...(kind === 'KaptainAllowedRegistries' ? { parameters: { registries: allowedRegistries } } : {}),
      },
    });
  }
  return objects;
}

/**
 * The app's own image repository, by tag or by digest: a registry host alone (ghcr.io/) would
 * admit every image anyone publishes there.
 */
function ownRepository(image: string): string[] {
  const ref = image.split('@')[0];
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const repo = colon > slash ? ref.slice(0, colon) : ref;
  return [`${repo}:`, `${repo}@`];
}

export default defineTool({
  name: 'generate_psp',
  title: 'Generate pod security policy',
  description:
    'Pod security for the profile. PodSecurityPolicy left Kubernetes in 1.25: the namespace carries Pod Security Admission labels (restricted), and pci, hipaa and fips add OPA Gatekeeper ConstraintTemplates and Constraints (non-root, read-only root filesystem, resource limits, allowed registries, FIPS nodes).',
  input: z.object({ app: appContextSchema, allowedRegistries: z.array(z.string()).optional() }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, allowedRegistries }) => {
    const registries = allowedRegistries ?? ownRepository(app.image);
    const objects = gatekeeperObjects(app, registries);
    if (objects.length === 0) {
      return output(
        [],
        [
          'standard profile: the namespace\'s Pod Security Admission labels enforce "restricted"; no Gatekeeper constraints',
        ],
        [
          {
            severity: 'info',
            rule: 'psa-only',
            message:
              'Pod Security Admission (restricted) on the namespace is the pod security for the standard profile',
            subject: `Namespace/${app.namespace}`,
          },
        ],
      );
    }
    const kinds = objects.filter((o) => o.kind !== 'ConstraintTemplate').map((o) => o.kind);
    return output(
      [{ path: FILES.podSecurity, objects: objects as never }],
      [
        `${app.securityProfile} profile: Gatekeeper ${kinds.join(', ')} in deny mode, on top of Pod Security "restricted"`,
      ],
    );
  },
});
