// Where the kubeconfig is looked for, as kubectl does: --kubeconfig, else every file in
// $KUBECONFIG, else ~/.kube/config. Kept apart from client.ts so a face can learn that
// there is none without loading the Kubernetes client.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function kubeconfigFiles(
  opts: { kubeconfig?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): { paths: string[]; present: string[] } {
  const paths = opts.kubeconfig
    ? [opts.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean)
      : [join(homedir(), '.kube', 'config')];
  return { paths, present: paths.filter((p) => existsSync(p)) };
}
