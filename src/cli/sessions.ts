// `kaptain-kube sessions list|show|export|prune|delete`: transcripts on disk.
import { Command, Option } from 'commander';
import { InputError } from '../errors.js';
import { paint, printJson } from './output.js';
import { safeJson, safeLine, safeText } from '../terminal/safe-text.js';

const outputOption = () =>
  new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');

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

/** Where `sessions export` writes: --output-dir for trees, --file for documents (--output still works, with a note). */
function exportTarget(f: { format: string; outputDir?: string; file?: string; output?: string }): string {
  const tree = f.format === 'manifests' || f.format === 'kustomize';
  if (f.output !== undefined) {
    if (f.outputDir !== undefined || f.file !== undefined)
      throw new InputError('--output is the old spelling of --output-dir/--file; give only one of them');
    process.stderr.write(
      `warning: "sessions export --output" is deprecated; use ${tree ? '--output-dir' : '--file'}\n`,
    );
  }
  if (tree && f.file !== undefined)
    throw new InputError(`--format ${f.format} writes a directory: use --output-dir, not --file`);
  if (!tree && f.outputDir !== undefined)
    throw new InputError(`--format ${f.format} writes one file: use --file, not --output-dir`);
  const target = f.output ?? (tree ? f.outputDir : f.file);
  if (target === undefined)
    throw new InputError(
      tree
        ? `--format ${f.format} needs --output-dir DIR`
        : `--format ${f.format} needs --file PATH (or --file - to print)`,
    );
  if (tree && target === '-')
    throw new InputError(
      `--format ${f.format} writes a directory and cannot print to standard output; use --format markdown or json with --file -`,
    );
  return target;
}

export function register(program: Command): void {
  const sessions = program
    .command('sessions')
    .summary('list, show, export, prune and delete session transcripts')
    .description(
      'Every deploy and chat is a session: a transcript of each message, tool call, decision and change, kept under $XDG_DATA_HOME/kaptain-kube/sessions.',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube sessions list
  $ kaptain-kube sessions show latest
  $ kaptain-kube sessions prune --older-than 30d --keep 50
  $ kaptain-kube sessions export latest --format kustomize --output-dir ./blog-api
  $ kaptain-kube sessions export 20261125-101500-ab12 --format markdown --file review.md
  $ kaptain-kube deploy app-config.yaml --resume latest`,
    );

  sessions
    .command('list')
    .description('list sessions, newest last')
    .addOption(outputOption())
    .addHelpText(
      'after',
      "\nExamples:\n  $ kaptain-kube sessions list\n  $ kaptain-kube sessions list -o json | jq '.sessions[].id'",
    )
    .action(async (opts: { output: string }) => {
      const list = await withSession((s) => s.list());
      if (opts.output === 'json') return printJson({ sessions: list });
      if (list.length === 0)
        return void process.stdout.write('No sessions yet. Start one with: kaptain-kube deploy app-config.yaml\n');
      const { formatTable, humanAge, humanBytes } = await import('../terminal/table.js');
      // A damaged transcript is shown as such, with the reason on stderr; the rest list normally.
      for (const s of list) if (s.corrupt) process.stderr.write(`warning: ${safeLine(s.corrupt)}\n`);
      const colour = (s: (typeof list)[number]) =>
        s.status === 'failed'
          ? paint('red', s.status)
          : s.status === 'awaiting approval'
            ? paint('yellow', s.status)
            : s.status === 'in use'
              ? `in use (pid ${s.inUseBy})`
              : s.status;
      const rows = list.map((s) => [
        safeLine(s.id),
        safeLine(s.command),
        colour(s),
        safeLine(s.app ?? ''),
        String(s.events),
        humanBytes(s.bytes),
        s.startedAt ? humanAge(Date.now() - Date.parse(s.startedAt)) : '',
        safeLine(s.name ?? ''),
      ]);
      process.stdout.write(
        formatTable(['ID', 'COMMAND', 'STATUS', 'APP', 'EVENTS', 'SIZE', 'AGE', 'NAME'], rows, ['EVENTS', 'SIZE']),
      );
    });

  sessions
    .command('show')
    .description('print a session as Markdown (calls, decisions, diffs)')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube sessions show latest\n  $ kaptain-kube sessions show 20261125-101500-ab12 -o json',
    )
    .action(async (ref: string, opts: { output: string }) => {
      const { events } = await withSession((s) => s.open(ref));
      const { exportSession } = await import('../sessions/export.js');
      if (opts.output === 'json') return printJson({ events });
      // A transcript holds what servers, the model and files said: printed, it is made terminal-safe.
      process.stdout.write(safeText(exportSession(events, 'markdown').get('session.md')!));
      // Model sessions end with what they used: tokens in and out, and a cost when priced.
      const { replay } = await import('../sessions/state.js');
      const usage = replay(events).usage;
      if (usage) {
        const { formatUsage } = await import('../agent/planners/llm-usage.js');
        const { priceFor } = await import('../settings.js');
        process.stdout.write(
          `${safeLine(`Model usage (${usage.model}, ${usage.requests} requests${usage.estimated ? ', some estimated' : ''}): ${formatUsage(usage, priceFor(usage.model), { exact: true })}`)}\n`,
        );
      }
    });

  sessions
    .command('export')
    .description('export approved manifests (directory or kustomization) or the conversation (Markdown or JSON)')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .addOption(
      new Option('-f, --format <format>', 'what to export')
        .choices(['manifests', 'kustomize', 'markdown', 'json'])
        .default('manifests'),
    )
    .addOption(
      new Option('--output-dir <dir>', 'directory for manifests and kustomize (a symbolic link is refused)').conflicts(
        'file',
      ),
    )
    .option('--file <path>', 'file for markdown and json; "-" prints to standard output')
    .addOption(new Option('--output <path>', 'deprecated: --output-dir or --file').hideHelp())
    .option(
      '--force',
      'replace an existing file, or a directory holding only files kaptain-kube wrote there (listed in its .kaptain-kube-files)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube sessions export latest --output-dir ./k8s\n  $ kaptain-kube sessions export latest --format kustomize --output-dir ./blog-api\n  $ kaptain-kube sessions export latest --format markdown --file review.md\n  $ kaptain-kube sessions export latest --format json --file - | jq length',
    )
    .action(
      async (
        ref: string,
        flags: {
          format: 'manifests' | 'kustomize' | 'markdown' | 'json';
          outputDir?: string;
          file?: string;
          output?: string;
          force?: boolean;
        },
      ) => {
        const opts = { ...flags, output: exportTarget(flags) };
        const { file, events } = await withSession((s) => s.open(ref));
        const { exportSession } = await import('../sessions/export.js');
        const files = exportSession(events, opts.format);
        if (opts.format === 'markdown' || opts.format === 'json') {
          const text = [...files.values()][0];
          if (opts.output === '-')
            return void process.stdout.write(opts.format === 'json' ? safeJson(text) : safeText(text));
          const { existsSync, lstatSync } = await import('node:fs');
          const { writeFile, rename, rm } = await import('node:fs/promises');
          if (existsSync(opts.output) && !opts.force)
            throw new InputError(`${opts.output} exists; pass --force to replace it`);
          // --force replaces a file, never a directory or what a link points to.
          if (existsSync(opts.output) && !lstatSync(opts.output).isFile())
            throw new InputError(`${opts.output} is not a regular file; --force replaces only a file`);
          const tmp = `${opts.output}.${process.pid}.kaptain-tmp`;
          try {
            await writeFile(tmp, text, { flag: 'wx' });
            await rename(tmp, opts.output);
          } finally {
            await rm(tmp, { force: true });
          }
        } else {
          if (files.size === 0) throw new InputError(`session ${file.id} has no approved manifests to export`);
          const { writeOutputTree } = await import('../manifests/output-dir.js');
          await writeOutputTree(opts.output, files, { force: opts.force, flag: '--output-dir' });
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
        process.stdout.write(
          `${paint('green', '✓')} exported ${files.size} file(s) from session ${file.id} as ${opts.format} to ${opts.output}\n`,
        );
      },
    );

  sessions
    .command('prune')
    .description(
      'delete old sessions: those older than --older-than, and all but the newest --keep (sessions in use or awaiting approval stay)',
    )
    .option(
      '--older-than <age>',
      'remove sessions started longer ago than this: 30d, 12h, 90m (default: settings sessionRetention.olderThan, else 30d)',
    )
    .option(
      '--keep <n>',
      'keep at most this many of the newest sessions (default: settings sessionRetention.keep, else 50)',
    )
    .option('--dry-run', 'list what would be removed and remove nothing')
    .addOption(outputOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube sessions prune --older-than 30d --keep 50\n  $ kaptain-kube sessions prune --keep 10 --dry-run\n\nDefaults come from the settings file (sessionRetention: { olderThan: "30d", keep: 50 }).',
    )
    .action(async (opts: { olderThan?: string; keep?: string; dryRun?: boolean; output: string }) => {
      const { parseDuration } = await import('../terminal/table.js');
      const { settings } = await import('../settings.js');
      const retention = settings().get('sessionRetention') ?? {};
      const age = opts.olderThan ?? retention.olderThan ?? '30d';
      const olderThanMs = parseDuration(age);
      if (olderThanMs === undefined)
        throw new InputError(`--older-than "${age}" is not an age; use a number and s, m, h, d or w, such as 30d`);
      const keepText = opts.keep ?? String(retention.keep ?? 50);
      if (!/^\d+$/.test(keepText)) throw new InputError(`--keep "${keepText}" is not a whole number`);
      const removed = await withSession((s) => s.prune({ olderThanMs, keep: Number(keepText), dryRun: opts.dryRun }));
      if (opts.output === 'json') return printJson({ removed, dryRun: opts.dryRun === true });
      for (const id of removed) process.stdout.write(`${opts.dryRun ? 'would delete' : 'deleted'} session ${id}\n`);
      process.stdout.write(
        `${removed.length} session(s) ${opts.dryRun ? 'would be' : ''} removed\n`.replace('  ', ' '),
      );
    });

  sessions
    .command('delete')
    .description('delete a session transcript and its stored results')
    .argument('<id>', 'session id, unique id prefix, name, or "latest"')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kaptain-kube sessions delete 20261125-101500-ab12\n  $ kaptain-kube sessions delete latest',
    )
    .action(async (ref: string) => {
      const id = await withSession((s) => s.delete(ref));
      process.stdout.write(`deleted session ${id}\n`);
    });
}
