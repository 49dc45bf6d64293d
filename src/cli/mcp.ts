// `kaptain-kube mcp list|tools|serve`: the MCP servers a session can use, and hosting
// the ten built-in servers for any MCP client.
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../errors.js';
import { paint, printJson } from './output.js';
import { safeLine, safeText } from '../terminal/safe-text.js';
import {
  FlagValueError,
  parseAllowedHost,
  parseByteSize,
  parsePort,
  type AllowedHost,
} from '../mcp-server/http-guard.js';

const outputOption = () =>
  new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');

/** A flag parser whose refusal commander reports as a usage error naming the flag and value (exit 2). */
const flagValue =
  <T>(parse: (v: string, previous?: T) => T) =>
  (v: string, previous?: T): T => {
    try {
      return parse(v, previous);
    } catch (err) {
      if (err instanceof FlagValueError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };

async function hubFor(mcpConfig?: string) {
  const { createHub } = await import('../mcp-client/connect.js');
  const { McpConfigError } = await import('../mcp-client/config.js');
  const { Redactor, secretValuesFromEnv } = await import('../sessions/redact.js');
  try {
    const setup = await createHub({ mcpConfigPath: mcpConfig });
    // What a server says about itself (tool names, descriptions, errors) may quote a credential
    // it was given: the listing hides what a transcript would, before any sanitising for the terminal.
    return { ...setup, redactor: new Redactor([...secretValuesFromEnv(), ...setup.secrets]) };
  } catch (err) {
    if (err instanceof McpConfigError) throw new InputError(err.message, err.details);
    throw err;
  }
}

export function register(program: Command): void {
  const mcp = program
    .command('mcp')
    .summary('list MCP servers and their tools; serve the built-in servers')
    .description(
      "MCP servers come from two places: the ten built-in servers, and ~/.config/kubectl-ai/mcp.yaml (kubectl-ai's file and format). An entry there with a built-in's name replaces it.",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube mcp list\n  $ kaptain-kube mcp tools docker-analysis\n  $ kaptain-kube mcp serve k8s-manifest-generator',
    );

  mcp
    .command('list')
    .description(
      'every server with its transport, status, tools and resources; a broken server is reported, the rest still work',
    )
    .option('--mcp-config <path>', 'mcp.yaml to read instead of the kubectl-ai location')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube mcp list\n  $ kaptain-kube mcp list --mcp-config ./mcp.yaml --output json',
    )
    .action(async (opts: { mcpConfig?: string; output: string }) => {
      const setup = await hubFor(opts.mcpConfig);
      try {
        const status = setup.redactor.value(await setup.status());
        const warnings = setup.redactor.value(setup.warnings);
        if (opts.output === 'json')
          return printJson({
            config: setup.configFile ?? null,
            warnings,
            servers: status.map((s) => ({ ...s, toolCount: s.tools.length })),
          });
        for (const w of warnings) process.stderr.write(`${paint('yellow', 'warning:')} ${safeText(w)}\n`);
        const { formatTable } = await import('../terminal/table.js');
        const rows = status.map((s) => [
          safeLine(s.name),
          s.transport,
          s.status === 'connected' ? paint('green', 'connected') : paint('red', 'failed'),
          String(s.tools.length),
          String(s.resources),
          s.error ? paint('red', safeLine(s.error)) : '',
        ]);
        process.stdout.write(
          formatTable(['NAME', 'TRANSPORT', 'STATUS', 'TOOLS', 'RESOURCES', 'ERROR'], rows, ['TOOLS', 'RESOURCES']),
        );
      } finally {
        await setup.hub.close();
      }
    });

  mcp
    .command('tools')
    .description('tools of one server or all: read-only or world-changing, and what each does')
    .argument('[server]', 'server name')
    .option('--mcp-config <path>', 'mcp.yaml to read instead of the kubectl-ai location')
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  $ kaptain-kube mcp tools\n  $ kaptain-kube mcp tools security-policy -o json')
    .action(async (server: string | undefined, opts: { mcpConfig?: string; output: string }) => {
      const setup = await hubFor(opts.mcpConfig);
      try {
        const names = server ? [server] : setup.hub.serverNames();
        if (server && !setup.hub.source(server))
          throw new InputError(`no MCP server named "${server}" (see: kaptain-kube mcp list)`);
        const { toolNameFor } = await import('../mcp-client/tool-names.js');
        // One display form everywhere, server/tool; the provider-safe name is only what goes on the wire.
        const out: {
          server: string;
          name: string;
          displayName: string;
          qualifiedName: string;
          readOnly: boolean;
          description: string;
          inputSchema: unknown;
        }[] = [];
        for (const n of names) {
          const tools = await setup.hub.listTools(n).catch((err: Error) => {
            process.stderr.write(
              `${paint('red', 'error:')} ${safeLine(n)}: ${safeText(setup.redactor.text(err.message))}\n`,
            );
            return [];
          });
          for (const t of tools)
            out.push(
              setup.redactor.value({
                server: n,
                name: t.name,
                displayName: `${n}/${t.name}`,
                qualifiedName: toolNameFor(n, t.name),
                readOnly: t.annotations?.readOnlyHint === true,
                description: t.description,
                inputSchema: t.inputSchema,
              }),
            );
        }
        if (opts.output === 'json') return printJson({ tools: out });
        const { formatTable } = await import('../terminal/table.js');
        const rows = out.map((t) => [
          safeLine(t.displayName),
          t.readOnly ? paint('green', 'read-only') : paint('yellow', 'world-changing'),
          safeLine(t.description.split(/\.\s|\n/)[0]),
        ]);
        process.stdout.write(formatTable(['TOOL', 'ACCESS', 'DESCRIPTION'], rows));
      } finally {
        await setup.hub.close();
      }
    });

  mcp
    .command('serve')
    .description('serve built-in servers to any MCP client, over stdio or streamable HTTP')
    .argument('<name>', 'a built-in server name, or "all" (HTTP only)')
    .option('--stdio', 'serve one server on stdin/stdout (the default)')
    .addOption(new Option('--http', 'serve over streamable HTTP').conflicts('stdio'))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option(
      '--port <port>',
      'port, 0 for any free one (with "all": one port, each server at /<name>/mcp)',
      flagValue((v) => parsePort(v)),
      8000,
    )
    .option(
      '--ports-from <port>',
      'with "all": each server on its own port, starting here, in the order of mcp.example.yaml (8001–8010)',
      flagValue((v) => parsePort(v, 1, 65526)),
    )
    .option('--token <token>', 'bearer token every request must carry (or KAPTAIN_MCP_TOKEN); required off loopback')
    .option(
      '--allowed-host <name>',
      'accept this name (or name:port) in Host and Origin besides localhost, 127.0.0.1 and [::1] on the listening port (repeatable, or comma-separated in KAPTAIN_MCP_ALLOWED_HOSTS); needed off loopback',
      flagValue((v: string, prev: AllowedHost[] = []) => [...prev, parseAllowedHost(v)]),
    )
    .option(
      '--max-body <size>',
      'largest request body: bytes, or with KiB/MiB (413 beyond it)',
      flagValue((v) => parseByteSize(v)),
      4 * 1024 * 1024,
    )
    .addHelpText(
      'after',
      `
Requests must name an allowed Host, and a browser's Origin must name one too (403
otherwise), so a web page cannot reach the servers through DNS rebinding. Off loopback
(--host 0.0.0.0 or an address), give the names clients use with --allowed-host; the
bound address itself is accepted. GET /healthz answers any Host. At most 32 requests run
at once (503 beyond), and each may take 300 s.

Examples:
  $ kaptain-kube mcp serve docker-analysis --stdio
  $ kaptain-kube mcp serve all --http --ports-from 8001      # backs mcp.example.yaml
  $ KAPTAIN_MCP_TOKEN=... kaptain-kube mcp serve all --http --host 0.0.0.0 --port 8000 --allowed-host mcp.internal`,
    )
    .action(
      async (
        name: string,
        opts: {
          stdio?: boolean;
          http?: boolean;
          host: string;
          port: number;
          portsFrom?: number;
          token?: string;
          allowedHost?: AllowedHost[];
          maxBody: number;
        },
      ) => {
        const { BUILTIN_SERVERS, isBuiltinServer } = await import('../../mcp/registry.js');
        if (name !== 'all' && !isBuiltinServer(name))
          throw new InputError(
            `"${name}" is not a built-in server; choose one of ${BUILTIN_SERVERS.join(', ')}, or all`,
          );
        // stdio unless --http: what an MCP client's "command" entry expects.
        if (!opts.http) {
          if (name === 'all')
            throw new InputError('stdio carries one server per process; serve a single server, or use --http for all');
          const { serveStdio } = await import('../mcp-server/stdio.js');
          return serveStdio(name as never);
        }
        const { serveHttp, InsecureBindError, isLoopback } = await import('../mcp-server/http.js');
        const token = opts.token ?? process.env.KAPTAIN_MCP_TOKEN;
        const allowedHosts = [
          ...(opts.allowedHost ?? []),
          ...allowedHostsFromEnv(process.env.KAPTAIN_MCP_ALLOWED_HOSTS),
        ];
        const names = name === 'all' ? [...BUILTIN_SERVERS] : [name as (typeof BUILTIN_SERVERS)[number]];
        const groups =
          name === 'all' && opts.portsFrom
            ? names.map((n, i) => ({ names: [n], port: opts.portsFrom! + i }))
            : [{ names, port: opts.port }];
        const running = [];
        try {
          for (const g of groups) {
            const s = await serveHttp(g.names, {
              host: opts.host,
              port: g.port,
              token,
              allowedHosts,
              maxBodyBytes: opts.maxBody,
            });
            running.push(s);
            for (const n of g.names)
              process.stderr.write(
                `serving ${n} at ${s.url}${g.names.length === 1 ? '/mcp' : `/${n}/mcp`}${token ? ' (bearer token required)' : ''}\n`,
              );
          }
        } catch (err) {
          await Promise.all(running.map((r) => r.close()));
          if (err instanceof InsecureBindError) throw new InputError(err.message);
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
            throw new InputError(`port in use: ${(err as Error).message}`);
          throw err;
        }
        if (!isLoopback(opts.host) && allowedHosts.length === 0)
          process.stderr.write(
            `${paint('yellow', 'warning:')} serving on ${opts.host} with no --allowed-host: only loopback names${['0.0.0.0', '::'].includes(opts.host) ? '' : ` and ${opts.host}`} are accepted in Host\n`,
          );
        await new Promise<void>((resolve) => {
          for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, resolve);
        });
        await Promise.all(running.map((r) => r.close()));
      },
    );
}

/** KAPTAIN_MCP_ALLOWED_HOSTS: comma-separated names, as --allowed-host takes them. */
function allowedHostsFromEnv(value: string | undefined): AllowedHost[] {
  return (value ?? '')
    .split(',')
    .filter((v) => v.trim())
    .map((v) => {
      try {
        return parseAllowedHost(v);
      } catch (err) {
        throw new InputError(`KAPTAIN_MCP_ALLOWED_HOSTS: "${v.trim()}": ${(err as Error).message}`);
      }
    });
}
