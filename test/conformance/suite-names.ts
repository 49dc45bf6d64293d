// Some server scenarios of the conformance suite call fixed test fixtures by name
// (`test_tool_with_progress`, `test_tool_with_logging`, `test_simple_prompt`, `test_prompt_with_arguments`). Our
// servers have real tools and prompts instead, so this forwarding proxy renames those
// requests to ours on the way in and leaves everything else — answers, streams,
// notifications, headers — as the server sent it: the suite's checks run unchanged on
// what our server does.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Rename = (message: { method?: string; params?: Record<string, unknown> }) => void;

/** A small manifest set for the tool that reports progress and logs each pass (validate_manifests). */
const MANIFEST = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: { name: web-config, namespace: web }',
  'data: { MODE: production }',
].join('\n');

/** The suite's fixture names → the k8s-manifest-generator's tool and prompt. */
export const renameToManifestGenerator: Rename = (m) => {
  const p = m.params ?? {};
  if (m.method === 'tools/call' && (p.name === 'test_tool_with_progress' || p.name === 'test_tool_with_logging')) {
    p.name = 'validate_manifests';
    p.arguments = { yaml: MANIFEST };
  }
  if (m.method === 'prompts/get' && p.name === 'test_simple_prompt') {
    p.name = 'deploy-app';
    p.arguments = { app: 'fixtures/blog-api/app-config.yaml' };
  }
  if (m.method === 'prompts/get' && p.name === 'test_prompt_with_arguments') {
    const a = p.arguments as { arg1: string; arg2: string };
    p.name = 'deploy-app';
    p.arguments = { app: a.arg1, namespace: a.arg2 };
  }
  const ref = p.ref as { type?: string; name?: string } | undefined;
  if (m.method === 'completion/complete' && ref?.name === 'test_prompt_with_arguments') {
    ref.name = 'deploy-app';
    (p.argument as { name: string }).name = 'securityProfile';
  }
};

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function renamingProxy(target: string, rename: Rename): Promise<{ url: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    void body(req).then((raw) => {
      let out = raw;
      if (raw.length) {
        const message = JSON.parse(raw.toString('utf8')) as Parameters<Rename>[0];
        rename(message);
        out = Buffer.from(JSON.stringify(message));
      }
      const headers = { ...req.headers, host: to.host, 'content-length': String(out.length) };
      const up = request(
        { host: to.hostname, port: to.port, path: to.pathname, method: req.method, headers },
        (ans) => {
          res.writeHead(ans.statusCode ?? 502, ans.headers);
          ans.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}
