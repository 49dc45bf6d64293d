// Runs the kubectl on PATH with the session's kubeconfig and context.
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { ToolError } from '../shared/tool.js';
import { parseKubectlCommand } from './classify.js';

export const kubectlInput = {
  command: z.string().min(1).describe('The arguments after "kubectl", e.g. "get pods -n blog-api"'),
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  namespace: z.string().optional(),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
};

export const kubectlOutput = z.object({ args: z.array(z.string()), exitCode: z.number().int(), stdout: z.string(), stderr: z.string() });

export function runKubectl(a: { command: string; kubeconfig?: string; context?: string; namespace?: string; timeoutSeconds: number }, check: (args: string[]) => void) {
  let args: string[];
  try {
    args = parseKubectlCommand(a.command);
  } catch (err) {
    throw new ToolError((err as Error).message);
  }
  check(args);
  const full = [...args, ...(a.kubeconfig ? ['--kubeconfig', a.kubeconfig] : []), ...(a.context ? ['--context', a.context] : []), ...(a.namespace && !args.some((x) => x === '-n' || x.startsWith('--namespace') || x === '-A' || x === '--all-namespaces') ? ['--namespace', a.namespace] : [])];
  const r = spawnSync('kubectl', full, { encoding: 'utf8', timeout: a.timeoutSeconds * 1000, maxBuffer: 8 * 1024 * 1024 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new ToolError('kubectl is not installed or not on PATH; install kubectl (https://kubernetes.io/docs/tasks/tools/) to let the agent query the cluster');
  if (r.error) throw new ToolError(`kubectl failed to run: ${r.error.message}`);
  return { args: full, exitCode: r.status ?? -1, stdout: r.stdout.slice(0, 200_000), stderr: r.stderr.slice(0, 20_000) };
}
