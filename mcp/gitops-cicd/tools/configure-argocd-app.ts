import { z } from 'zod';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { appContextSchema, autoscaled, commonLabels, has } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { gitRepo } from '../repo.js';

export default defineTool({
  name: 'configure_argocd_app',
  title: 'Configure an Argo CD Application',
  description:
    'An Argo CD Application that syncs the generated tree from Git with automated sync, prune and self-heal, server-side apply, and ignores the replica counts that autoscalers and rollouts own.',
  input: z.object({
    app: appContextSchema,
    path: z.string().default('k8s-manifests'),
    argocdNamespace: z.string().default('argocd'),
    project: z.string().default('default'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, path, argocdNamespace, project }) => {
    const repo = gitRepo(app);
    if (!repo.url) throw new ToolError('Argo CD needs the repository it syncs from: set spec.components.cicd.gitRepo');
    const ignore = [];
    if (autoscaled(app) || has(app, 'rollout'))
      ignore.push({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] });
    if (has(app, 'rollout') && autoscaled(app))
      ignore.push({ group: 'argoproj.io', kind: 'Rollout', jsonPointers: ['/spec/replicas'] });
    const a = new Application({
      metadata: {
        name: app.name,
        namespace: argocdNamespace,
        labels: commonLabels(app),
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project,
        source: { repoURL: repo.url, targetRevision: app.cicd?.branch ?? 'main', path },
        destination: { server: 'https://kubernetes.default.svc', namespace: app.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true', 'PruneLast=true'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
        ...(ignore.length ? { ignoreDifferences: ignore } : {}),
      },
    });
    a.validate();
    return output(
      [{ path: FILES.argocdApplication, objects: [a.toJSON() as never] }],
      [
        `Argo CD syncs ${repo.url}@${app.cicd?.branch ?? 'main'}/${path} with prune and self-heal`,
        ...(ignore.length
          ? ['replica counts owned by autoscalers and rollouts are ignored, so Argo CD does not fight them']
          : []),
      ],
      repo.findings,
    );
  },
});
