import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { WORLD_CHANGING } from '../../shared/annotations.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { gitRepo } from '../repo.js';

const API: Record<string, (owner: string, repo: string) => string> = {
  github: (o, r) => `https://api.github.com/repos/${o}/${r}/hooks`,
  gitlab: (o, r) => `https://gitlab.com/api/v4/projects/${encodeURIComponent(`${o}/${r}`)}/hooks`,
  bitbucket: (o, r) => `https://api.bitbucket.org/2.0/repositories/${o}/${r}/hooks`,
};

export default defineTool({
  name: 'setup_webhooks',
  title: 'Set up Git webhooks',
  description:
    "Register a push webhook at the Git host (GitHub, GitLab, Bitbucket) pointing at the pipeline's EventListener. With dryRun (the default) it returns the request it would make; the webhook secret is referenced by name, never sent here.",
  input: z.object({
    app: appContextSchema,
    provider: z.enum(['github', 'gitlab', 'bitbucket']).default('github'),
    listenerUrl: z.string().url().optional(),
    dryRun: z.boolean().default(true),
  }),
  output: z.object({
    dryRun: z.boolean(),
    method: z.string(),
    url: z.string(),
    body: z.record(z.string(), z.unknown()),
    secretRef: z.string(),
  }),
  annotations: WORLD_CHANGING,
  run: async ({ app, provider, listenerUrl, dryRun }) => {
    const repo = gitRepo(app).url;
    if (!repo) throw new ToolError('no Git repository to register a webhook at: set spec.components.cicd.gitRepo');
    const m = /[:/]([^/:]+)\/([^/]+?)(\.git)?$/.exec(repo);
    if (!m) throw new ToolError(`cannot read owner and repository from ${repo}`);
    const url = API[provider](m[1], m[2]);
    const host = app.ingress?.host;
    if (!listenerUrl && !host)
      throw new ToolError('no address for the EventListener: pass listenerUrl or set spec.components.ingress.host');
    const target = listenerUrl ?? `https://${host}/hooks/${app.name}`;
    const body =
      provider === 'github'
        ? {
            name: 'web',
            active: true,
            events: ['push'],
            config: {
              url: target,
              content_type: 'json',
              insecure_ssl: '0',
              secret: `<from Secret ${app.name}-webhook>`,
            },
          }
        : { url: target, push_events: true, token: `<from Secret ${app.name}-webhook>` };
    if (dryRun) return { dryRun: true, method: 'POST', url, body, secretRef: `${app.name}-webhook` };
    try {
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    } catch (err) {
      throw new ToolError(
        `could not reach ${new URL(url).host} (${(err as Error).message}); nothing was registered. The request would be POST ${url}`,
      );
    }
    throw new ToolError(
      `registering the webhook needs a ${provider} API token, which this build does not take; nothing was registered. Create it by hand: POST ${url} with url ${target}, events push`,
    );
  },
});
