import { SECURITY_PROFILES } from '../../../src/vocabulary.js';
import { definePrompt } from '../../shared/prompt.js';

export default definePrompt({
  name: 'deploy-app',
  title: 'Deploy an app',
  description:
    'Generate, validate and (after a dry run you review) apply the Kubernetes workload for an app described by an AppDeployment YAML or in words.',
  arguments: [
    {
      name: 'app',
      description: 'The app: the path of its AppDeployment YAML (app-config.yaml), or its name and image in words',
      required: true,
    },
    { name: 'namespace', description: 'Namespace to deploy into (default: the app’s own)' },
    {
      name: 'securityProfile',
      description: `Security baseline: ${SECURITY_PROFILES.join(', ')}`,
      values: () => SECURITY_PROFILES,
    },
  ],
  text: (a) =>
    [
      `Deploy ${a.app} to Kubernetes${a.namespace ? ` in namespace ${a.namespace}` : ''}${a.securityProfile ? ` with the ${a.securityProfile} security profile` : ''}.`,
      '1. Resolve the app (name, image, ports, resources, environment) from its AppDeployment YAML or from what I said; ask me for anything missing instead of guessing.',
      '2. Call generate_deployment, generate_service, generate_configmap and generate_secrets, each with the same resolved app.',
      '3. Call validate_manifests on all the generated files; fix the app and generate again until no finding is an error.',
      '4. Call apply_manifests with dryRun true and show me what would change. Apply for real only after I confirm.',
    ].join('\n'),
});
