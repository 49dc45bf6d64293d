import { z } from 'zod';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { appContextSchema, commonLabels, has } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_rbac',
  title: 'Generate RBAC',
  description:
    'A dedicated ServiceAccount without an API token, and a Role granting only what the app needs (reading its own ConfigMap by name), bound to it.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const sa = names.serviceAccount(app);
    const meta = { namespace: app.namespace, labels: commonLabels(app) };
    const objects: { validate(): void; toJSON(): unknown }[] = [
      new ServiceAccount({ metadata: { name: sa, ...meta }, automountServiceAccountToken: false }),
    ];
    const reasons = ['its own ServiceAccount, API token not mounted'];
    if (has(app, 'configmap')) {
      objects.push(
        new Role({
          metadata: { name: `${app.name}-read-config`, ...meta },
          rules: [
            {
              apiGroups: [''],
              resources: ['configmaps'],
              resourceNames: [names.configMap(app)],
              verbs: ['get', 'watch'],
            },
          ],
        }),
      );
      objects.push(
        new RoleBinding({
          metadata: { name: `${app.name}-read-config`, ...meta },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${app.name}-read-config` },
          subjects: [{ kind: 'ServiceAccount', name: sa, namespace: app.namespace }],
        }),
      );
      reasons.push(`least privilege: get/watch on ConfigMap ${names.configMap(app)} only, no wildcards`);
    }
    for (const o of objects) o.validate();
    return output([{ path: FILES.podSecurity, objects: objects.map((o) => o.toJSON() as never) }], reasons);
  },
});
