import { SECURITY_PROFILES } from '../../../src/vocabulary.js';
import { definePrompt } from '../../shared/prompt.js';

export default definePrompt({
  name: 'harden-namespace',
  title: 'Harden a namespace',
  description:
    'Lock a namespace down: default-deny NetworkPolicies with the flows the app needs, Pod Security "restricted", least-privilege RBAC, and a compliance check.',
  arguments: [
    { name: 'namespace', description: 'The namespace to harden', required: true },
    {
      name: 'profile',
      description: `Security baseline: ${SECURITY_PROFILES.join(', ')} (default standard)`,
      values: () => SECURITY_PROFILES,
    },
  ],
  text: (a) =>
    [
      `Harden the namespace ${a.namespace} to the ${a.profile || 'standard'} security profile.`,
      '1. Call generate_network_policy: deny by default, then allow only ingress, DNS, metrics and the dependencies the app uses.',
      '2. Call generate_psp for Pod Security admission labels (restricted) and, for pci/hipaa/fips, the Gatekeeper constraints.',
      '3. Call generate_rbac for a service account with least privilege.',
      `4. Call compliance_check with profile ${a.profile || 'standard'} on everything generated, and list each failing control with how to fix it.`,
    ].join('\n'),
});
