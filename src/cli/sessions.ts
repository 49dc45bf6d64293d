// `kaptain-kube sessions list|show|export|delete`: transcripts on disk.
import { Command, Option } from 'commander';
import { InputError } from './errors.js';
import { paint, printJson } from './output.js';
import { safeJson, safeLine, safeText } from '../terminal/safe-text.js';

const outputOption = () => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');

async function store() {
  const { SessionStore, SessionNotFound, TranscriptError } = await import('../sessions/store.js');
  const { SessionLocked } = await import('../sessions/lock.js');
  return { store: new SessionStore(), refusals: [SessionNotFound, TranscriptError, SessionLocked] };
}

/** A missing, damaged or busy session is the user's to fix: exit 2, file (and line) named. */
async function withSession<T>(fn: (s: Awaited<ReturnType<typeof store>>['store']) => T): Promise<T> {
  const { store: s, refusals } = await store();
  try {
    return fn(s);
  } catch (err) {
    if (refusals.some((r) => err instanceof r)) throw new InputError((err as Error).message);
    throw err;
  }
}

export function register(program: Command): void {
  const sessions = program
    .command('sessions')
    .summary('list, show, export and delete session transcripts')
    .description('Every deploy and chat is a session: a transcript of each message, tool call, decision and change, kept under $XDG_DATA_HOME/kaptain-kube/sessions.')
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube sessions list
  $ kaptain-kube sessions show latest
  $ kaptain-kube sessions export latest --format kustomize --output ./blog-api
  $ kaptain-kube sessions export 20261125-101500-ab12 --format markdown --output review.md
  $ kaptain-kube deploy app-config.yaml --resume latest`,
    );

  sessions
    .command('list')
    .description('list sessions, newest last')
    .addOption(outputOption())
    .action(async (opts: { output: string }) => {
      const list = await withSession((s) => s.list());
      if (opts.output === 'json') return printJson({ sessions: list });
      if (list.length === 0) return void process.stdout.write('No sessions yet. Start one with: kaptain-kube deploy app-config.yaml\n');
      process.stdout.write(`${paint('bold', 'ID                    COMMAND  EVENTS  STATE             NAME')}\n`);
      for (const s of list) {
        // A damaged transcript is shown as such, with the reason on stderr; the rest list normally.
        if (s.corrupt) process.stderr.write(`warning: ${safeLine(s.corrupt)}\n`);
        const label = (s.corrupt ? 'corrupt' : s.inUseBy ? `in use (pid ${s.inUseBy})` : s.pending ? 'awaiting approval' : s.ended ? 'ended' : 'open').padEnd(17);
        process.stdout.write(`${safeLine(s.id)}  ${safeLine(s.command).padEnd(7)}  ${String(s.events).padStart(6)}  ${s.pending ? paint('yellow', label) : label} ${safeLine(s.name ?? '')}\n`);
      }
    });

  sessions
    .command('show')
    .description('print a session as Markdown (calls, decisions, diffs)')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .addOption(outputOption())
    .action(async (ref: string, opts: { output: string }) => {
      const { events } = await withSession((s) => s.open(ref));
      const { exportSession } = await import('../sessions/export.js');
      if (opts.output === 'json') return printJson({ events });
      // A transcript holds what servers, the model and files said: printed, it is made terminal-safe.
      process.stdout.write(safeText(exportSession(events, 'markdown').get('session.md')!));
    });

  sessions
    .command('export')
    .description('export approved manifests (directory or kustomization) or the conversation (Markdown or JSON)')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .addOption(new Option('-f, --format <format>', 'what to export').choices(['manifests', 'kustomize', 'markdown', 'json']).default('manifests'))
    .requiredOption('--output <path>', 'directory (manifests, kustomize; a symbolic link is refused) or file (markdown, json); "-" prints markdown/json')
    .option('--force', 'replace an existing file, or a directory holding only files kaptain-kube wrote there (listed in its .kaptain-kube-files)')
    .action(async (ref: string, opts: { format: 'manifests' | 'kustomize' | 'markdown' | 'json'; output: string; force?: boolean }) => {
      const { file, events } = await withSession((s) => s.open(ref));
      const { exportSession } = await import('../sessions/export.js');
      const files = exportSession(events, opts.format);
      if (opts.format === 'markdown' || opts.format === 'json') {
        const text = [...files.values()][0];
        if (opts.output === '-') return void process.stdout.write(opts.format === 'json' ? safeJson(text) : safeText(text));
        const { existsSync, lstatSync } = await import('node:fs');
        const { writeFile, rename, rm } = await import('node:fs/promises');
        if (existsSync(opts.output) && !opts.force) throw new InputError(`${opts.output} exists; pass --force to replace it`);
        // --force replaces a file, never a directory or what a link points to.
        if (existsSync(opts.output) && !lstatSync(opts.output).isFile()) throw new InputError(`${opts.output} is not a regular file; --force replaces only a file`);
        const tmp = `${opts.output}.${process.pid}.kaptain-tmp`;
        try {
          await writeFile(tmp, text, { flag: 'wx' });
          await rename(tmp, opts.output);
        } finally {
          await rm(tmp, { force: true });
        }
      } else {
        if (files.size === 0) throw new InputError(`session ${file.id} has no approved manifests to export`);
        const { writeOutputTree } = await import('./output-dir.js');
        await writeOutputTree(opts.output, files, { force: opts.force, flag: '--output' });
      }
      // The export is recorded in the transcript, unless another process is writing it right now.
      const { lockSession, SessionLocked } = await import('../sessions/lock.js');
      try {
        file.holdLock(lockSession(file.path));
        await file.append({ type: 'export', format: opts.format, path: opts.output, files: files.size });
      } catch (err) {
        if (!(err instanceof SessionLocked)) throw err;
      } finally {
        file.close();
      }
      process.stdout.write(`${paint('green', '✓')} exported ${files.size} file(s) from session ${file.id} as ${opts.format} to ${opts.output}\n`);
    });

  sessions
    .command('delete')
    .description('delete a session transcript and its stored results')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .action(async (ref: string) => {
      const id = await withSession((s) => s.delete(ref));
      process.stdout.write(`deleted session ${id}\n`);
    });
}
