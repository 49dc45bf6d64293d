// The protocol features of our servers beside tools and resources: prompts with
// completion, logging with logging/setLevel, progress from long tools, and stdio as
// the transport `mcp serve NAME` uses when no flag is given.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  LoggingMessageNotificationSchema,
  type CallToolResult,
  type LoggingMessageNotification,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli.js';
import { connectBuiltin } from '../helpers/mcp.js';

const YAML =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config, namespace: web }\ndata: { MODE: production }\n';

describe('prompts', () => {
  it.each([
    ['k8s-manifest-generator', 'deploy-app', { app: 'app-config.yaml' }, 'generate_deployment'],
    ['docker-analysis', 'review-dockerfile', { dockerfile: 'Dockerfile' }, 'security_scan'],
    ['security-policy', 'harden-namespace', { namespace: 'shop', profile: 'pci' }, 'compliance_check with profile pci'],
  ])('%s offers %s, a user message naming its tools', async (server, prompt, args, phrase) => {
    const c = await connectBuiltin(server);
    expect((await c.listPrompts()).prompts.map((p) => p.name)).toContain(prompt);
    const got = await c.getPrompt({ name: prompt, arguments: args });
    expect(got.messages[0].role).toBe('user');
    expect((got.messages[0].content as { text: string }).text).toContain(phrase);
    await c.close();
  });

  it('refuses a prompt whose required argument is missing, naming it', async () => {
    const c = await connectBuiltin('k8s-manifest-generator');
    await expect(c.getPrompt({ name: 'deploy-app', arguments: {} })).rejects.toThrow(/needs app/);
    await c.close();
  });

  it('completes a prompt argument from what has been typed', async () => {
    const c = await connectBuiltin('security-policy');
    const r = await c.complete({
      ref: { type: 'ref/prompt', name: 'harden-namespace' },
      argument: { name: 'profile', value: 'h' },
    });
    expect(r.completion.values).toEqual(['hipaa']);
    await c.close();
  });

  it('a server without prompts does not declare them', async () => {
    const c = await connectBuiltin('autoscaling');
    expect(c.getServerCapabilities()?.prompts).toBeUndefined();
    expect(c.getServerCapabilities()?.logging).toEqual({});
    await c.close();
  });
});

describe('logging and progress from a tool', () => {
  async function validate(
    c: Client,
    progress: boolean,
  ): Promise<{ logs: LoggingMessageNotification['params'][]; steps: Progress[] }> {
    const logs: LoggingMessageNotification['params'][] = [];
    const steps: Progress[] = [];
    c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    const res = (await c.callTool(
      { name: 'validate_manifests', arguments: { yaml: YAML } },
      undefined,
      progress ? { onprogress: (p) => void steps.push(p) } : {},
    )) as CallToolResult;
    expect(res.isError).toBeFalsy();
    return { logs, steps };
  }

  it('validate_manifests reports each pass when the caller sent a progress token', async () => {
    const c = await connectBuiltin('k8s-manifest-generator');
    const { steps } = await validate(c, true);
    expect(steps.map((s) => `${s.progress}/${s.total}`)).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(steps[0].message).toMatch(/schemas of 1 objects/);
    await c.close();
  });

  it('sends log lines, and after logging/setLevel only those at or above the level', async () => {
    const c = await connectBuiltin('k8s-manifest-generator');
    const before = await validate(c, false);
    expect(before.logs.map((l) => l.level)).toEqual(['debug', 'debug', 'debug', 'info', 'debug']);
    expect(before.logs.slice(0, 3).map((l) => l.data)).toEqual([
      'pass 1 of 3: schemas of 1 objects',
      'pass 2 of 3: production readiness',
      'pass 3 of 3: cluster semantics: apply order, admission, reachability',
    ]);
    expect(before.logs[3]).toMatchObject({
      logger: 'k8s-manifest-generator',
      data: expect.stringMatching(/validated 1 objects/),
    });
    await c.setLoggingLevel('info');
    expect((await validate(c, false)).logs.map((l) => l.level)).toEqual(['info']);
    await c.setLoggingLevel('error');
    expect((await validate(c, false)).logs).toEqual([]);
    await c.close();
  });
});

describe('mcp serve NAME without a transport flag', () => {
  it('serves over stdio, as an MCP client "command" entry expects', async () => {
    const c = new Client({ name: 'third-party', version: '1.0.0' });
    await c.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'mcp', 'serve', 'k8s-manifest-generator'],
        cwd: REPO,
        stderr: 'pipe',
      }),
    );
    expect((await c.listPrompts()).prompts.map((p) => p.name)).toEqual(['deploy-app']);
    await c.close();
  });
});
