import { z } from 'zod';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { kubectlInput, kubectlOutput, runKubectl } from '../run.js';

export default defineTool({
  name: 'kubectl_read',
  title: 'kubectl (read-only)',
  description:
    "Run a read-only kubectl command against the session's cluster: get, describe, logs, events, top, explain, api-resources, version, rollout status/history, auth can-i, config view. Commands that change anything are refused; use kubectl_write for those. The session sets the cluster and credentials (no --server, --kubeconfig, --token, --as …); Secret values and tokens in the output are redacted.",
  input: z.object(kubectlInput),
  output: kubectlOutput,
  annotations: { ...READ_ONLY, openWorldHint: true },
  run: (a) => runKubectl(a, 'read'),
  summarize: (r) =>
    `$ kubectl ${r.args.join(' ')}\n${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}${r.exitCode ? `\n(exit ${r.exitCode})` : ''}`,
});
