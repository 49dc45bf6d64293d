// kubectl: the agent's own cluster tool, as in kubectl-ai's chat. Read-only commands and
// world-changing ones are separate tools, so the approval gate can tell them apart.
import type { ServerDefinition } from '../shared/definition.js';
import kubectlRead from './tools/kubectl-read.js';
import kubectlWrite from './tools/kubectl-write.js';

export const definition: ServerDefinition = {
  name: 'kubectl',
  title: 'kubectl',
  instructions:
    'Answer questions about the running app with kubectl_read (get, describe, logs, events …); change the cluster only with kubectl_write, which is approved call by call.',
  tools: [kubectlRead, kubectlWrite],
  resources: [],
};
