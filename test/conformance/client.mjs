// The client the MCP conformance suite drives: our hub, built (dist/), pointed at the
// scenario server's URL (the last argument) as an mcp.yaml entry would be. It lists the
// tools and calls each; an elicitation is accepted with the schema's defaults, as a person
// pressing Enter on every field would. Credentials a scenario hands out (MCP_CONFORMANCE_CONTEXT)
// go into the entry's `auth` as a user would write them; a browser sign-in is completed by
// browser.mjs, named in BROWSER as a person would name theirs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMcpConfig } from '../../dist/src/mcp-client/config.js';
import { externalSource } from '../../dist/src/mcp-client/external.js';
import { defaultsOf, McpHost } from '../../dist/src/mcp-client/host-capabilities.js';
import { McpHub } from '../../dist/src/mcp-client/hub.js';

const url = process.argv.at(-1);
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const q = JSON.stringify;
/** The `auth:` block for the scenario's entry (none: the client discovers what the server wants). */
const AUTH = {
  'auth/client-credentials-basic': () =>
    `{type: oauth, grant: client_credentials, clientId: ${q(context.client_id)}, clientSecret: ${q(context.client_secret)}}`,
  'auth/client-credentials-jwt': () =>
    `{type: oauth, grant: client_credentials, clientId: ${q(context.client_id)}, privateKey: ${q(context.private_key_pem)}, signingAlgorithm: ${q(context.signing_algorithm ?? 'ES256')}}`,
  'auth/pre-registration': () =>
    `{type: oauth, clientId: ${q(context.client_id)}, clientSecret: ${q(context.client_secret)}}`,
  'auth/basic-cimd': () => `{type: oauth, clientMetadataUrl: "https://conformance-test.local/client-metadata.json"}`,
}[process.env.MCP_CONFORMANCE_SCENARIO];
const { servers, warnings } = parseMcpConfig(
  `servers:\n  - name: scenario\n    url: ${q(url)}\n    timeout: 10\n${AUTH ? `    auth: ${AUTH()}\n` : ''}`,
  'conformance.yaml',
  {},
);
if (servers.length !== 1) throw new Error(warnings.join('\n'));
const browser = `"${process.execPath}" "${fileURLToPath(new URL('browser.mjs', import.meta.url))}"`;
const host = new McpHost();
host.elicit = async (_server, request) => ({ action: 'accept', content: defaultsOf(request) });
const hub = new McpHub([
  externalSource(
    servers[0],
    { ...process.env, BROWSER: browser, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kk-conformance-')) },
    host,
  ),
]);
// Arguments for the tools the scenarios offer; any other tool is called without.
const ARGS = { add_numbers: { a: 2, b: 3 } };
let failed = false;
try {
  for (const tool of await hub.listTools('scenario')) {
    const out = await hub.callTool('scenario', tool.name, ARGS[tool.name] ?? {});
    console.log(`${tool.name}: ${out.isError ? 'error: ' : ''}${out.text}`);
  }
} catch (err) {
  console.error(`error: ${err.message}`);
  failed = true;
} finally {
  await hub.close();
}
process.exit(failed ? 1 : 0);
