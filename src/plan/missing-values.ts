// Values only the user can give. Where one is missing the tree holds no stand-in for it:
// the component is left out or generated without it, and the plan says which field to set.
import type { AppDeployment } from '../app-config/schema.js';
import type { ComponentId } from './component-ids.js';

/** How to create a Secret the app reads: it is referenced by the tree, never generated. */
export function createSecretCommand(namespace: string, name: string): string {
  return `kubectl -n ${namespace} create secret generic ${name} --from-literal=KEY=…`;
}

export function missingValueWarnings(
  config: AppDeployment,
  namespace: string,
  on: (id: ComponentId) => boolean,
  ingressWanted: boolean,
): string[] {
  const c = config.spec.components;
  const out: string[] = [];
  if (ingressWanted && !on('ingress') && c.ingress.host === undefined)
    out.push(
      'spec.components.ingress.host is not set: no Ingress is generated; set it to the DNS name the app answers on',
    );
  if (on('certificates') && c.ingress.acmeEmail === undefined)
    out.push(
      "spec.components.ingress.acmeEmail is not set: the Let's Encrypt account has no contact address, so certificate expiry and policy notices reach nobody; set it",
    );
  if (on('cicd') && c.cicd.gitRepo === undefined)
    out.push(
      'spec.components.cicd.gitRepo is not set: the Tekton pipeline has no default repository (its trigger passes the pushed one) and Argo CD is left out; set it to the repository to build and sync',
    );
  if ((on('alerts') || on('cost')) && c.monitoring.runbookBaseUrl === undefined)
    out.push(
      'spec.components.monitoring.runbookBaseUrl is not set: alerts carry no runbook link; set it to where the runbooks live',
    );
  if (on('secrets'))
    for (const name of config.spec.secretsRequired)
      out.push(
        `Secret ${name} is referenced, not generated: create it before the pods start — ${createSecretCommand(namespace, name)}`,
      );
  return out;
}
