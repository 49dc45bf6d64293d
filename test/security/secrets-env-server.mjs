// fakeEnvReportingServer: a test double standing in for a third-party stdio MCP server from
// mcp.yaml. Its `env_keys` tool answers with the names of every environment variable the
// process received; on start it writes its API_TOKEN to stderr, as chatty servers log their
// configuration, so a test can check the server log is redacted.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'fake-env-reporter', version: '1.0.0' });
server.registerTool(
  'env_keys',
  { description: 'lists the names of the environment variables this process has' },
  async () => ({
    content: [{ type: 'text', text: JSON.stringify(Object.keys(process.env).sort()) }],
  }),
);
process.stderr.write(
  `starting with API_TOKEN=${process.env.API_TOKEN ?? ''} and bearer header Authorization: Bearer ${process.env.API_TOKEN ?? ''}\n`,
);
await server.connect(new StdioServerTransport());
