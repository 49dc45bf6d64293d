// Where the app's source and its GitOps tree live, as the pipeline and Argo CD see them.
import type { AppContext } from '../../src/plan/app-context.js';
import type { Finding } from '../../src/manifests/result.js';

/** The app's repository, or none: no stand-in URL is ever written into the tree. */
export function gitRepo(app: AppContext): { url?: string; findings: Finding[] } {
  const url = app.cicd?.gitRepo;
  if (url) return { url, findings: [] };
  return {
    findings: [
      {
        severity: 'warning',
        rule: 'git-repo-missing',
        message: 'no Git repository is known; the pipeline takes it from its trigger or from each PipelineRun',
        fix: 'set spec.components.cicd.gitRepo',
      },
    ],
  };
}

export function imageRepository(app: AppContext): string {
  const image = app.image.split('@')[0];
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(0, colon) : image;
}
