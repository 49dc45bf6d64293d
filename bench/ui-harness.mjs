// What the terminal UI benchmarks share: an in-memory TTY for Ink's real renderer and a
// UI controller over a session holding a transcript of a given length.
import { PassThrough } from 'node:stream';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// React's production build, as the bundled CLI ships it (its development build times every render).
process.env.NODE_ENV ??= 'production';
const React = (await import('react')).default;
const { render } = await import('ink');
const { UiController } = await import(join(root, 'dist/src/ui/controller.js'));
const { App } = await import(join(root, 'dist/src/ui/components/App.js'));
const { MemorySink, SessionEngine } = await import(join(root, 'dist/src/agent/engine.js'));

export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export function fakeTty(columns = 100, rows = 30) {
  const stdout = new PassThrough();
  Object.assign(stdout, { isTTY: true, columns, rows });
  const stdin = new PassThrough();
  Object.assign(stdin, { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  return { stdout, stdin };
}

/** A controller whose transcript holds `events` items: alternating user lines and answers. */
export async function session(events) {
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

/** Ink's App over the controller on an in-memory TTY; `frames()` is what it wrote since the last reset. */
export function mount(controller, tty) {
  let out = '';
  tty.stdout.on('data', (d) => (out += d.toString()));
  const app = render(React.createElement(App, { controller, animate: false }), {
    stdout: tty.stdout,
    stdin: tty.stdin,
    stderr: new PassThrough(),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
  });
  return {
    app,
    frames: () => out,
    reset: () => (out = ''),
  };
}
