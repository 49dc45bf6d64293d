// security-policy: network policies, pod security, RBAC, scanning and compliance.
import type { ServerDefinition } from '../shared/definition.js';
import generateNetworkPolicy from './tools/generate-network-policy.js';
import generatePsp from './tools/generate-psp.js';
import generateRbac from './tools/generate-rbac.js';
import scanVulnerabilities from './tools/scan-vulnerabilities.js';
import complianceCheck from './tools/compliance-check.js';
import securityBaselines from './resources/security-baselines.js';
import vulnerabilityDatabase from './resources/vulnerability-database.js';
import hardenNamespace from './prompts/harden-namespace.js';

export const definition: ServerDefinition = {
  name: 'security-policy',
  title: 'Security policy',
  instructions:
    'Generate network policies, pod security and RBAC for the resolved app; scan_vulnerabilities and compliance_check take a finished manifest set.',
  tools: [generateNetworkPolicy, generatePsp, generateRbac, scanVulnerabilities, complianceCheck],
  resources: [securityBaselines, vulnerabilityDatabase],
  prompts: [hardenNamespace],
};
