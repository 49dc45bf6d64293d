// The client the MCP conformance suite drives: our hub, built (dist/), pointed at the
// scenario server's URL (the last argument) as an mcp.yaml entry would be. It lists the
// tools and calls each; an elicitation is accepted with the schema's defaults, as a person
// pressing Enter on every field would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMcpConfig } from '../../dist/src/mcp-client/config.js';
import { externalSource } from '../../dist/src/mcp-client/external.js';
import { defaultsOf, McpHost } from '../../dist/src/mcp-client/host-capabilities.js';
import { McpHub } from '../../dist/src/mcp-client/hub.js';

const url = process.argv.at(-1);
const { servers } = parseMcpConfig(
  `servers:\n  - name: scenario\n    url: ${JSON.stringify(url)}\n    timeout: 10\n`,
  'conformance.yaml',
  {},
);
const host = new McpHost();
host.elicit = async (_server, request) => ({ action: 'accept', content: defaultsOf(request) });
const hub = new McpHub([
  externalSource(servers[0], { ...process.env, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kk-conformance-')) }, host),
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
