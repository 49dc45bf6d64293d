import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_pipeline_triggers',
  title: 'Generate pipeline triggers',
  description:
    'Tekton Triggers that start the pipeline on a push to the configured branch: EventListener with a GitHub webhook interceptor (secret referenced by name), TriggerBinding, TriggerTemplate, and a ServiceAccount with the minimal role the listener needs.',
  input: z.object({ app: appContextSchema, webhookSecret: z.string().optional() }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, webhookSecret }) => {
    const branch = app.cicd?.branch ?? 'main';
    const secret = webhookSecret ?? `${app.name}-webhook`;
    const ciNs = names.ciNamespace(app);
    const meta = (name: string) => ({ name, namespace: ciNs, labels: commonLabels(app) });
    const sa = `${app.name}-triggers`;
    const objects = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa) },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(sa),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'tekton-triggers-eventlistener-roles',
        },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ciNs }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(`${sa}-clusterinterceptors`),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'tekton-triggers-eventlistener-clusterroles',
        },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ciNs }],
      },
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerBinding',
        metadata: meta(`${app.name}-push`),
        spec: {
          params: [
            { name: 'revision', value: '$(body.after)' },
            { name: 'repo-url', value: '$(body.repository.clone_url)' },
          ],
        },
      },
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerTemplate',
        metadata: meta(`${app.name}-ci`),
        spec: {
          params: [{ name: 'revision' }, { name: 'repo-url' }],
          resourcetemplates: [
            {
              apiVersion: 'tekton.dev/v1',
              kind: 'PipelineRun',
              metadata: { generateName: `${app.name}-ci-` },
              spec: {
                pipelineRef: { name: `${app.name}-ci` },
                params: [
                  { name: 'revision', value: '$(tt.params.revision)' },
                  { name: 'repo-url', value: '$(tt.params.repo-url)' },
                ],
                workspaces: [
                  {
                    name: 'source',
                    volumeClaimTemplate: {
                      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
                    },
                  },
                ],
              },
            },
          ],
        },
      },
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'EventListener',
        metadata: meta(`${app.name}-listener`),
        spec: {
          serviceAccountName: sa,
          triggers: [
            {
              name: 'push',
              interceptors: [
                {
                  ref: { name: 'github' },
                  params: [
                    { name: 'secretRef', value: { secretName: secret, secretKey: 'token' } },
                    { name: 'eventTypes', value: ['push'] },
                  ],
                },
                { ref: { name: 'cel' }, params: [{ name: 'filter', value: `body.ref == 'refs/heads/${branch}'` }] },
              ],
              bindings: [{ ref: `${app.name}-push` }],
              template: { ref: `${app.name}-ci` },
            },
          ],
        },
      },
    ];
    return output(
      [{ path: FILES.tektonTrigger, objects: objects as never }],
      [
        `pushes to ${branch} start ${app.name}-ci`,
        `webhook signatures checked with Secret ${secret} (filled out of band)`,
      ],
      [
        {
          severity: 'warning',
          rule: 'secret-unfilled',
          message: `create Secret ${secret} with key token, the same value as the webhook secret at the Git host`,
          subject: `Secret/${secret}`,
        },
      ],
    );
  },
});
