// Terminal UI benchmarks with Ink's real renderer on an in-memory TTY:
// keystroke → frame latency with a 2,000-item transcript (finished items live in
// <Static>, so only the live area re-renders), and memory held for a 10,000-event session.
import { fakeTty, mount, pct, session } from './ui-harness.mjs';

// Keystroke → frame latency.
const controller = await session(2000);
const tty = fakeTty();
const screen = mount(controller, tty);
const { stdin } = tty;
// The controller's own loop puts the screen in input mode once the planner waits.
void controller.run();
while (controller.view.mode !== 'input') await new Promise((r) => setTimeout(r, 5));
await new Promise((r) => setTimeout(r, 100));
const lat = [];
for (let i = 0; i < 300; i++) {
  // Each key is a new letter, so the frame that shows it is unambiguous.
  const ch = String.fromCharCode(97 + (i % 26));
  const typed = controller.view.input + ch;
  screen.reset();
  const t0 = process.hrtime.bigint();
  stdin.write(ch);
  while (!screen.frames().includes(typed.slice(-20))) await new Promise((r) => setImmediate(r));
  lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (typed.length > 60) {
    stdin.write('\u001b');
    while (controller.view.input !== '') await new Promise((r) => setImmediate(r));
  }
  // Let the frame budget elapse between keys, as a typist would.
  await new Promise((r) => setTimeout(r, 10));
}
controller.stop();
screen.app.unmount();

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
