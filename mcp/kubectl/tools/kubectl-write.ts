import { z } from 'zod';
import { WORLD_CHANGING } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { kubectlInput, kubectlOutput, runKubectl } from '../run.js';

export default defineTool({
  name: 'kubectl_write',
  title: 'kubectl (changes the cluster)',
  description:
    'Run a kubectl command that changes the cluster (apply, delete, scale, rollout restart, label …). Always approved like any world-changing call. Interactive commands (exec, attach, cp, port-forward, proxy, debug, edit), kubeconfig edits and flags that change the cluster or the credentials are refused.',
  input: z.object(kubectlInput),
  output: kubectlOutput,
  annotations: WORLD_CHANGING,
  run: (a) => runKubectl(a, 'write'),
  summarize: (r) =>
    `$ kubectl ${r.args.join(' ')}\n${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}${r.exitCode ? `\n(exit ${r.exitCode})` : ''}`,
});
