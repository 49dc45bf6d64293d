// Flags as kubectl users expect them, over every command of the built CLI: `-o json`
// prints one JSON document wherever it is offered, and flags that ask for different
// runs are a usage error (exit 2) naming both.
import { cpSync, mkdtempSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { REPO, runCli } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'kk-flags-'));
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
};
const CONFIG = 'fixtures/blog-api/app-config.yaml';
const generated = join(home, 'k8s');
const composeDir = join(home, 'compose-shop');

/** Every command whose -o/--output takes "json", found from the program itself. */
function offersJson(cmd: Command, prefix = ''): string[] {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    const o = c.options.find((opt) => opt.long === '--output' && opt.short === '-o');
    return [...(o ? [name] : []), ...offersJson(c, `${name} `)];
  });
}
const program = new Command('kaptain-kube');
for (const register of COMMANDS) register(program);

/** One run per command that offers -o json; a command added later must be added here. */
const JSON_RUNS: Record<string, string[]> = {
  init: ['init', composeDir, '--yes', '-o', 'json'],
  deploy: ['deploy', CONFIG, '--plan-only', '-o', 'json'],
  validate: ['validate', CONFIG, '-o', 'json'],
  'validate-dockerfile': ['validate-dockerfile', 'fixtures/blog-api/Dockerfile', '-o', 'json'],
  check: ['check', generated, '-o', 'json'],
  schema: ['schema', '-o', 'json'],
  'sessions list': ['sessions', 'list', '-o', 'json'],
  'sessions show': ['sessions', 'show', 'latest', '-o', 'json'],
  'sessions prune': ['sessions', 'prune', '--keep', '100', '-o', 'json'],
  'mcp list': ['mcp', 'list', '--mcp-config', join(home, 'mcp.yaml'), '-o', 'json'],
  'mcp tools': ['mcp', 'tools', 'docker-analysis', '--mcp-config', join(home, 'mcp.yaml'), '-o', 'json'],
};

beforeAll(async () => {
  cpSync(join(REPO, 'fixtures', 'compose-shop'), composeDir, { recursive: true });
  // No external servers: the built-in ones only.
  writeFileSync(join(home, 'mcp.yaml'), 'servers: []\n');
  // A tree for `check` and a recorded session for `sessions show`.
  const r = await runCli(['deploy', CONFIG, '--generate-only', '--output-dir', generated, '--yes'], { env });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('-o json', () => {
  it('the table covers every command that offers -o', () => {
    expect(offersJson(program).sort()).toEqual(Object.keys(JSON_RUNS).sort());
  });
  it.each(Object.entries(JSON_RUNS))('%s -o json prints one JSON document', async (_name, args) => {
    const r = await runCli(args, { env });
    expect(r.code, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('conflicting flags are a usage error naming both', () => {
  const pairs: [string[], string, string][] = [
    [
      ['deploy', CONFIG, '--plan-only', '--generate-only', '--output-dir', join(home, 'x')],
      '--plan-only',
      '--generate-only',
    ],
    [['deploy', CONFIG, '--plan-only', '--dry-run'], '--plan-only', '--dry-run'],
    [['deploy', CONFIG, '--generate-only', '--dry-run'], '--generate-only', '--dry-run'],
    [['deploy', CONFIG, '--dry-run', '--yes'], '--dry-run', '--yes'],
    [['deploy', CONFIG, '--generate-only', '--diff'], '--generate-only', '--diff'],
    [['deploy', CONFIG, '--yes', '--interactive'], '--yes', '--interactive'],
    [['deploy', CONFIG, '--yes', '--approval', 'ask'], '--yes', '--approval'],
    [['deploy', CONFIG, '--continue', '--resume', 'latest'], '--continue', '--resume'],
    [['mcp', 'serve', 'docker-analysis', '--stdio', '--http'], '--stdio', '--http'],
    [
      ['sessions', 'export', 'latest', '--output-dir', join(home, 'y'), '--file', join(home, 'y.md')],
      '--output-dir',
      '--file',
    ],
  ];
  it.each(pairs)('%j', async (args, a, b) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain(b);
    expect(existsSync(join(home, 'x'))).toBe(false);
  });
});

describe('not found and wrong targets', () => {
  it('--resume of a session that does not exist is exit 2 naming it', async () => {
    const r = await runCli(
      ['deploy', CONFIG, '--generate-only', '--output-dir', join(home, 'z'), '--resume', 'nonexistent'],
      { env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"nonexistent"');
  });
  it('sessions export of a directory format to "-" is refused instead of creating a directory named "-"', async () => {
    const r = await runCli(['sessions', 'export', 'latest', '--format', 'kustomize', '--output', '-'], {
      env,
      cwd: home,
    });
    expect(r.code).toBe(2);
    expect(existsSync(join(home, '-'))).toBe(false);
  });
  it('mcp serve NAME speaks stdio without --stdio', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    const r = await runCli(['mcp', 'serve', 'docker-analysis'], { env, input: `${JSON.stringify(init)}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.split('\n')[0]).result.serverInfo.name).toBe('docker-analysis');
  });
  it('--llm-provider openai without OPENAI_API_KEY or OPENAI_BASE_URL names the missing key (exit 2)', async () => {
    const r = await runCli(['chat', '--llm-provider', 'openai', '--plain'], {
      env: { ...env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      input: 'hello\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OPENAI_API_KEY is not set');
  });
  it('schema --output FILE still writes the file, with a note to use --file', async () => {
    const file = join(home, 'schema.json');
    const r = await runCli(['schema', '--output', file], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--file');
    expect(readdirSync(home)).toContain('schema.json');
  });
});

describe('plan-only and dry runs leave no session unless --record', () => {
  const count = async () =>
    JSON.parse((await runCli(['sessions', 'list', '-o', 'json'], { env })).stdout).sessions.length as number;
  it.each([['--plan-only'], ['--dry-run']])('%s', async (flag) => {
    const before = await count();
    expect((await runCli(['deploy', CONFIG, flag], { env })).code).toBe(0);
    expect(await count()).toBe(before);
    expect((await runCli(['deploy', CONFIG, flag, '--record'], { env })).code).toBe(0);
    expect(await count()).toBe(before + 1);
  });
  it('a failed deploy ends its session as failed, with the error', async () => {
    // The output directory holds an earlier tree and --force is missing: the run fails after generating.
    type Listed = { id: string; status: string; error?: string };
    const ids = async () =>
      JSON.parse((await runCli(['sessions', 'list', '-o', 'json'], { env })).stdout).sessions as Listed[];
    const before = new Set((await ids()).map((s) => s.id));
    const r = await runCli(['deploy', CONFIG, '--generate-only', '--output-dir', generated, '--yes'], { env });
    expect(r.code).toBe(2);
    // Ids order by the second they started in; the new one is found by set difference.
    const added = (await ids()).filter((s) => !before.has(s.id));
    expect(added).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringContaining(generated) })]);
    const row = (await runCli(['sessions', 'list'], { env })).stdout.split('\n').find((l) => l.startsWith(added[0].id));
    expect(row).toMatch(/ failed +blog-api /);
  });
});

describe('listings are aligned tables with a header, tools named server/tool', () => {
  /** Column starts of the header, which every row must share. */
  const columnsAligned = (text: string, header: string[]) => {
    const lines = text.trimEnd().split('\n');
    const starts = header.map((h) => lines[0].indexOf(h));
    expect(starts.every((s, i) => s >= 0 && (i === 0 || s > starts[i - 1]))).toBe(true);
    // Each cell that starts a column starts after a gap of two spaces at the header's offset.
    for (const l of lines.slice(1)) for (const s of starts.slice(1, -1)) expect(l.slice(s - 2, s), l).toBe('  ');
  };
  it('mcp list', async () => {
    const r = await runCli(['mcp', 'list', '--mcp-config', join(home, 'mcp.yaml')], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME +TRANSPORT +STATUS +TOOLS +RESOURCES +ERROR$/);
    columnsAligned(r.stdout, ['NAME', 'TRANSPORT', 'STATUS']);
  });
  it('mcp tools shows server/tool, never the provider-safe name', async () => {
    const r = await runCli(['mcp', 'tools', 'docker-analysis', '--mcp-config', join(home, 'mcp.yaml')], { env });
    expect(r.stdout.split('\n')[0]).toMatch(/^TOOL +ACCESS +DESCRIPTION$/);
    expect(r.stdout).toContain('docker-analysis/analyze_dockerfile');
    expect(r.stdout).not.toContain('docker-analysis_analyze_dockerfile');
    columnsAligned(r.stdout, ['TOOL', 'ACCESS', 'DESCRIPTION']);
    const json = JSON.parse(
      (await runCli(['mcp', 'tools', 'docker-analysis', '--mcp-config', join(home, 'mcp.yaml'), '-o', 'json'], { env }))
        .stdout,
    );
    expect(json.tools[0].displayName).toBe(`docker-analysis/${json.tools[0].name}`);
  });
  it('sessions list', async () => {
    const r = await runCli(['sessions', 'list'], { env });
    expect(r.stdout.split('\n')[0]).toMatch(/^ID +COMMAND +STATUS +APP +EVENTS +SIZE +AGE +NAME$/);
  });
});
