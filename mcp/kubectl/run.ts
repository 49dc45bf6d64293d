// Runs the kubectl on PATH with the session's kubeconfig and context, after the
// command has been judged (./policy.ts); its output is redacted before it is returned.
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { ToolError } from '../shared/tool.js';
import { tokenizeKubectl } from './classify.js';
import { judgeKubectl, withFlags } from './policy.js';
import { redactKubectlOutput } from './redact-output.js';

export const kubectlInput = {
  command: z.string().min(1).describe('The arguments after "kubectl", e.g. "get pods -n blog-api"'),
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  namespace: z.string().optional(),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
};

export const kubectlOutput = z.object({
  args: z.array(z.string()),
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
});

type KubectlCall = {
  command: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  timeoutSeconds: number;
};

const MAX_CAPTURE = 8 * 1024 * 1024;

export async function runKubectl(a: KubectlCall, tool: 'read' | 'write') {
  let argv: string[];
  try {
    argv = tokenizeKubectl(a.command);
  } catch (err) {
    throw new ToolError((err as Error).message);
  }
  const j = judgeKubectl(argv, { context: a.context });
  if (!j.ok) throw new ToolError(`refused: ${j.reason}`);
  if (tool === 'read' && j.kind !== 'read') {
    const what = `"kubectl ${[j.verb, j.sub].filter(Boolean).join(' ')}"`;
    throw new ToolError(
      `${what} ${j.note ? `is not a plain read (${j.note})` : 'changes the cluster'}; kubectl_read only reads. Use kubectl_write, which asks for approval.`,
    );
  }
  const session = [
    ...(a.kubeconfig ? ['--kubeconfig', a.kubeconfig] : []),
    ...(a.context ? ['--context', a.context] : []),
    ...(a.namespace && !j.setsNamespace ? ['--namespace', a.namespace] : []),
  ];
  const full = withFlags(j.args, session);
  const r = await spawnKubectl(full, a.timeoutSeconds);
  return {
    args: full,
    exitCode: r.code,
    stdout: redactKubectlOutput(r.stdout).slice(0, 200_000),
    stderr: redactKubectlOutput(r.stderr).slice(0, 20_000),
  };
}

/**
 * kubectl and its credential plugins need the cloud and proxy settings of the environment
 * (AWS_*, GOOGLE_*, HTTPS_PROXY …), not the product's own credentials for models and MCP servers.
 */
const PRODUCT_ONLY = /^(OPENAI_|ANTHROPIC_|AZURE_OPENAI_|MCP_|KAPTAIN_)/i;

export function kubectlEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !PRODUCT_ONLY.test(k)));
}

/** Without blocking the process (built-in servers share it with the session) and with a deadline. */
function spawnKubectl(
  args: string[],
  timeoutSeconds: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'], env: kubectlEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: ToolError | undefined;
    const stop = (e: ToolError) => {
      failure ??= e;
      child.kill('SIGKILL');
      // A credential plugin kubectl started could hold the pipes open: close them here.
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timer = setTimeout(
      () => stop(new ToolError(`kubectl did not finish within ${timeoutSeconds}s and was stopped`)),
      timeoutSeconds * 1000,
    );
    const collect = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size > MAX_CAPTURE)
        return stop(
          new ToolError(
            `kubectl printed more than ${MAX_CAPTURE / 1024 / 1024} MB; narrow the command (a selector, --tail, -o name)`,
          ),
        );
      into.push(b);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new ToolError(
              'kubectl is not installed or not on PATH; install kubectl (https://kubernetes.io/docs/tasks/tools/) to let the agent query the cluster',
            )
          : new ToolError(`kubectl failed to run: ${e.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
