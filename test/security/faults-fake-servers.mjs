// Test doubles standing in for third-party stdio MCP servers that misbehave:
//   crash LOGFILE  — fakeCrashingServer: `write_note` appends a line to LOGFILE (so a test
//                    can count how often it really ran), then the process dies with exit
//                    code 3 before it answers. `tally` (idempotentHint) appends too, and
//                    crashes on every odd-numbered line, so a retry on a new process
//                    answers. `ping` answers with the server's pid.
//   hang           — fakeHangingServer: `wait_forever` never answers and the process stays
//                    busy, like a server stuck on a lock.
import { appendFileSync, readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const [mode, logFile] = process.argv.slice(2);
const server = new McpServer({ name: `fake-${mode}`, version: '1.0.0' });

server.registerTool('ping', { description: 'answers pong', inputSchema: { n: z.number().optional() } }, async () => ({
  content: [{ type: 'text', text: `pong ${process.pid}` }],
}));

if (mode === 'crash') {
  server.registerTool(
    'write_note',
    { description: 'appends a note (not idempotent)', inputSchema: { note: z.string().optional() } },
    async () => {
      appendFileSync(logFile, `${process.pid} write_note\n`);
      process.exit(3);
    },
  );
  server.registerTool(
    'tally',
    {
      description: 'counts (idempotent)',
      inputSchema: { n: z.number().optional() },
      annotations: { idempotentHint: true },
    },
    async () => {
      appendFileSync(logFile, `${process.pid} tally\n`);
      const lines = readFileSync(logFile, 'utf8').trim().split('\n').length;
      if (lines % 2 === 1) process.exit(3);
      return { content: [{ type: 'text', text: `tally ${lines}` }] };
    },
  );
}

if (mode === 'hang') {
  server.registerTool(
    'wait_forever',
    { description: 'never answers', inputSchema: { n: z.number().optional() } },
    () => {
      setInterval(() => undefined, 1000);
      return new Promise(() => undefined);
    },
  );
}

await server.connect(new StdioServerTransport());
