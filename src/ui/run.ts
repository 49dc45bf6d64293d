// Starts the Ink UI over a session: `chat` and `deploy --interactive`.
import React from 'react';
import { render } from 'ink';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  chatSessionOptions,
  openSession,
  type ChatFlags,
  type OpenSessionOptions,
  type SystemLoader,
} from '../agent/session-runner.js';
import { kubeconfigFiles } from '../kube/kubeconfig-files.js';
import { UiController } from './controller.js';
import type { Suspend } from './edit-call.js';
import { App } from './components/App.js';
import { validateToolArgs } from './validate-args.js';

/** Opens $EDITOR (or vi) on a temporary JSON file; the terminal is handed over meanwhile. */
async function editJson(json: string, suspend: Suspend): Promise<string | undefined> {
  {
    const dir = mkdtempSync(join(tmpdir(), 'kaptain-edit-'));
    const file = join(dir, 'arguments.json');
    writeFileSync(file, `${json}\n`);
    try {
      const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
      await suspend(() => {
        spawnSync(editor, [file], { stdio: 'inherit', shell: /\s/.test(editor) });
      });
      const edited = readFileSync(file, 'utf8');
      return edited.trim() === json.trim() ? undefined : edited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export async function runUi(
  base: Omit<OpenSessionOptions, 'approver' | 'onEvent' | 'llm'>,
  firstLine?: string,
): Promise<number> {
  let controller: UiController | undefined;
  const session = await openSession({
    ...base,
    approver: (p) => controller!.approver(p),
    onEvent: (e) => controller?.onEvent(e),
    // Under --approval yes nobody is asked (the session refuses questions and sampling there).
    elicit: (server, request) => controller!.elicit(server, request),
    approveSampling: (server, request) => controller!.approveSampling(server, request),
    onProgress: (p) => controller?.onProgress(p),
    llm: async (hub) =>
      (await import('../agent/planners/llm-setup.js')).createLlmPlanner(hub, {
        model: base.model,
        ...base.llmLimits,
        onToken: (t) => controller?.onToken(t),
      }),
  });
  // The Kubernetes client loads only when there is a kubeconfig to read (it costs the first frame ~40 ms).
  const kube = kubeconfigFiles(base.goal?.kube).present.length
    ? (await import('../kube/client.js')).loadKube({ ...base.goal?.kube })
    : undefined;
  controller = new UiController(session, {
    cluster: kube && 'target' in kube ? `${kube.target.context}/${kube.target.namespace}` : undefined,
    editJson,
    validateArgs: (server, tool, args) => validateToolArgs(session.hub, server, tool, args),
    full: session,
    price: (await import('../settings.js')).priceFor(session.started.model),
  });
  for (const e of session.file.read()) controller.onEvent(e);
  // We get here only with a terminal on both ends, so draw live frames even where CI=true
  // (Ink otherwise prints only the last frame in CI).
  const app = render(React.createElement(App, { controller }), {
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    interactive: Boolean(process.stdout.isTTY),
  });
  if (firstLine && !session.resumed) await session.engine.emit({ type: 'user.message', text: firstLine });
  const running = controller.run();
  await app.waitUntilExit();
  controller.stop();
  await running.catch(() => undefined);
  const pending = session.engine.state.pending;
  await session.close(pending ? undefined : 'quit');
  const { relative } = await import('node:path');
  const config = session.started.inputs.configPath
    ? ` ${relative(process.cwd(), session.started.inputs.configPath)} --interactive`
    : '';
  process.stdout.write(
    `Session ${session.file.id} saved${pending ? ' with a call awaiting approval' : ''}.\nResume: kaptain-kube ${session.started.command}${config} --resume ${session.file.id}\n`,
  );
  // Ctrl+C twice is an interrupt, as in any terminal program.
  return controller.interrupted ? 130 : 0;
}

export async function runChatUi(flags: ChatFlags, loadSystem?: SystemLoader): Promise<number> {
  return runUi(chatSessionOptions(flags, loadSystem));
}
