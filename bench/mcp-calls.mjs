// Tool-call latency: in-process (the hub's direct path), the same server through a real
// MCP client and server over the in-memory transport, stdio (`mcp serve --stdio` child)
// and streamable HTTP (`mcp serve --http` child on 127.0.0.1).
// Each transport makes the same bounded number of calls of a cheap read-only tool.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'kaptain-kube.mjs');
const { builtinSource, builtinMcpSource } = await import(join(root, 'dist/src/mcp-client/hub.js'));
const N = Number(process.env.BENCH_CALLS ?? 300);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function measure(client) {
  const args = { name: 'estimate_resources', arguments: { language: 'go', app_type: 'http' } };
  for (let i = 0; i < 20; i++) await client.callTool(args);
  const lat = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await client.callTool(args);
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return lat;
}

const rows = [];
const inproc = await builtinSource('docker-analysis').connect();
const base = await measure(inproc);
await inproc.close();
rows.push({
  transport: 'in-process',
  p50_ms: pct(base, 50).toFixed(3),
  p99_ms: pct(base, 99).toFixed(3),
  ratio_p50: '1.0',
  limit: 'p50 ≤ 1 ms',
  ok: pct(base, 50) <= 1 ? 'yes' : 'NO',
});

const inMemory = await builtinMcpSource('docker-analysis').connect();
const viaSdk = await measure(inMemory);
await inMemory.close();
rows.push({
  transport: 'in-memory MCP (SDK client and server)',
  p50_ms: pct(viaSdk, 50).toFixed(3),
  p99_ms: pct(viaSdk, 99).toFixed(3),
  ratio_p50: (pct(viaSdk, 50) / pct(base, 50)).toFixed(1),
});

const stdio = new Client({ name: 'bench', version: '0' });
await stdio.connect(
  new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', 'serve', 'docker-analysis', '--stdio'] }),
);
const s = await measure(stdio);
await stdio.close();
rows.push({
  transport: 'stdio',
  p50_ms: pct(s, 50).toFixed(3),
  p99_ms: pct(s, 99).toFixed(3),
  ratio_p50: (pct(s, 50) / pct(base, 50)).toFixed(1),
});

const server = spawn(process.execPath, [cli, 'mcp', 'serve', 'docker-analysis', '--http', '--port', '0'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d;
    const m = /at (\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
  server.on('exit', (c) => reject(new Error(`mcp serve exited ${c}: ${err}`)));
});
const http = new Client({ name: 'bench', version: '0' });
await http.connect(new StreamableHTTPClientTransport(new URL(url)));
const h = await measure(http);
await http.close();
server.kill('SIGTERM');
rows.push({
  transport: 'streamable HTTP',
  p50_ms: pct(h, 50).toFixed(3),
  p99_ms: pct(h, 99).toFixed(3),
  ratio_p50: (pct(h, 50) / pct(base, 50)).toFixed(1),
});

console.log(`\nMCP tool call latency (${N} calls of docker-analysis/estimate_resources each)`);
console.table(rows);
process.exitCode = pct(base, 50) <= 1 ? 0 : 1;
