// Terminal UI benchmarks with Ink's real renderer on an in-memory TTY:
// keystroke → frame latency with a 2,000-item transcript (finished items live in
// <Static>, so only the live area re-renders), and memory held for a 10,000-event session.
import { PassThrough } from 'node:stream';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const React = (await import('react')).default;
const { render } = await import('ink');
const { UiController } = await import(join(root, 'dist/src/ui/controller.js'));
const { App } = await import(join(root, 'dist/src/ui/components/App.js'));
const { MemorySink, SessionEngine } = await import(join(root, 'dist/src/agent/engine.js'));

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function fakeTty() {
  const stdout = new PassThrough();
  Object.assign(stdout, { isTTY: true, columns: 100, rows: 30 });
  const stdin = new PassThrough();
  Object.assign(stdin, { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  return { stdout, stdin };
}

async function session(events) {
  const sink = new MemorySink(() => 'T');
  const hub = {
    findTool: async () => undefined,
    callTool: async () => ({ isError: false, text: '', raw: { content: [] } }),
  };
  const engine = new SessionEngine({ hub, planner: { name: 'bench', next: async () => ({ type: 'wait' }) }, sink });
  await engine.emit({
    type: 'session.started',
    sessionId: 'bench',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: 'bench', node: process.version },
    planner: 'rules',
    policy: 'ask',
  });
  const controller = new UiController({ engine, resumed: false, started: engine.state.started, file: { id: 'bench' } });
  for (let i = 1; i < events; i++) {
    const e = await sink.append(
      i % 2
        ? { type: 'user.message', text: `deploy fixture number ${i}` }
        : { type: 'assistant.message', text: `Plan for app ${i}: 18 components, 31 tool calls.` },
    );
    engine.state = { ...engine.state, lastSeq: e.seq };
    controller.onEvent(e);
  }
  return controller;
}

// Keystroke → frame latency.
const controller = await session(2000);
const { stdout, stdin } = fakeTty();
let last = '';
stdout.on('data', (d) => (last += d.toString()));
const app = render(React.createElement(App, { controller, animate: false }), {
  stdout,
  stdin,
  stderr: new PassThrough(),
  exitOnCtrlC: false,
  patchConsole: false,
  maxFps: 60,
});
// The controller's own loop puts the screen in input mode once the planner waits.
void controller.run();
while (controller.view.mode !== 'input') await new Promise((r) => setTimeout(r, 5));
await new Promise((r) => setTimeout(r, 100));
const lat = [];
for (let i = 0; i < 300; i++) {
  // Each key is a new letter, so the frame that shows it is unambiguous.
  const ch = String.fromCharCode(97 + (i % 26));
  const typed = controller.view.input + ch;
  last = '';
  const t0 = process.hrtime.bigint();
  stdin.write(ch);
  while (!last.includes(typed.slice(-20))) await new Promise((r) => setImmediate(r));
  lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (typed.length > 60) {
    stdin.write('\u001b');
    while (controller.view.input !== '') await new Promise((r) => setImmediate(r));
  }
  // Let the frame budget elapse between keys, as a typist would.
  await new Promise((r) => setTimeout(r, 10));
}
controller.stop();
app.unmount();

// Memory for a 10,000-event session.
globalThis.gc?.();
const heap0 = process.memoryUsage().heapUsed;
const big = await session(10_000);
globalThis.gc?.();
const heap1 = process.memoryUsage().heapUsed;

const p95 = pct(lat, 95);
console.log('\nterminal UI (Ink, 100×30 in-memory TTY)');
console.table([
  {
    measure: 'keystroke → frame, 2,000-item transcript',
    p50_ms: pct(lat, 50).toFixed(2),
    p95_ms: p95.toFixed(2),
    limit_ms: 16,
    ok: p95 <= 16 ? 'yes' : 'NO',
  },
  {
    measure: `heap held by a 10,000-event session view (${big.view.items.length} items)`,
    MiB: ((heap1 - heap0) / 1048576).toFixed(1),
  },
]);
process.exitCode = p95 <= 16 ? 0 : 1;
