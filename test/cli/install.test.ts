// Installation surface: shell completion scripts load and complete, and the package's
// kubectl-kaptain bin works as a kubectl plugin.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';

const on = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'kk-install-'));

/** Runs the bash completion function as bash would for the words typed so far. */
function completeBash(script: string, words: string[]): string[] {
  const file = join(dir, 'complete.bash');
  writeFileSync(file, script);
  const arr = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _kaptain_kube; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

describe('kaptain-kube completion', () => {
  it('bash: the script parses (bash -n) and completes commands, subcommands, flags and flag values', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const file = join(dir, 'kk.bash');
    writeFileSync(file, r.stdout);
    execFileSync('bash', ['-n', file]);
    expect(completeBash(r.stdout, ['kaptain-kube', 'se'])).toEqual(['sessions']);
    expect(completeBash(r.stdout, ['kaptain-kube', 'sessions', 'p'])).toEqual(['prune']);
    expect(completeBash(r.stdout, ['kaptain-kube', 'deploy', 'app.yaml', '--gen'])).toEqual(['--generate-only']);
    expect(completeBash(r.stdout, ['kaptain-kube', 'deploy', '-o', ''])).toEqual(['text', 'json']);
    expect(completeBash(r.stdout, ['kubectl-kaptain', 'mcp', 'serve', '--h'])).toEqual(
      expect.arrayContaining(['--http', '--host', '--help']),
    );
  });

  it.skipIf(!on('zsh'))('zsh: the script parses (zsh -n)', async () => {
    const r = await runCli(['completion', 'zsh']);
    writeFileSync(join(dir, 'kk.zsh'), r.stdout);
    execFileSync('zsh', ['-n', join(dir, 'kk.zsh')]);
  });

  it.skipIf(!on('fish'))('fish: the script parses (fish -n)', async () => {
    const r = await runCli(['completion', 'fish']);
    writeFileSync(join(dir, 'kk.fish'), r.stdout);
    execFileSync('fish', ['-n', join(dir, 'kk.fish')]);
  });

  it('fish: every command gets a complete line', async () => {
    const r = await runCli(['completion', 'fish']);
    for (const c of ['deploy', 'sessions', 'prune', 'completion']) expect(r.stdout).toContain(`-a '${c}'`);
  });

  it('an unknown shell is exit 2 naming it', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"powershell"');
  });
});

describe('kubectl plugin', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  it('the package declares kubectl-kaptain as a bin, the same program as kaptain-kube', () => {
    expect(pkg.bin['kubectl-kaptain']).toBe(pkg.bin['kaptain-kube']);
  });

  // Visibly skipped where kubectl is not installed.
  it.skipIf(!on('kubectl'))('kubectl kaptain --version runs the CLI when the bin is on PATH', () => {
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    // Stands in for npm's bin shim: runs the built CLI with this Node.
    writeFileSync(join(bin, 'kubectl-kaptain'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(join(bin, 'kubectl-kaptain'), 0o755);
    const out = execFileSync('kubectl', ['kaptain', '--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
    });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('older Node', () => {
  // The package supports Node from its engines floor on; the suite itself runs on the pinned
  // Node 24. A system Node older than that, when there is one, runs the built CLI here.
  const older = ['/usr/bin/node', '/usr/local/bin/node'].find((n) => {
    const r = spawnSync(n, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    return r.status === 0 && Number(r.stdout.split('.')[0]) < Number(process.versions.node.split('.')[0]);
  });
  it('engines names a floor no newer than the dependencies need and the README states it', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22.19.0');
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain('Node.js 22.19');
  });
  it.skipIf(!older)(`the built CLI generates a tree on the system Node (${older ?? 'none found'})`, () => {
    const out = join(dir, 'old-node-k8s');
    const r = spawnSync(
      older!,
      [CLI, 'deploy', 'fixtures/blog-api/app-config.yaml', '--generate-only', '--output-dir', out, '--yes'],
      {
        cwd: REPO,
        encoding: 'utf8',
        env: {
          ...process.env,
          XDG_DATA_HOME: join(dir, 'd'),
          XDG_STATE_HOME: join(dir, 's'),
          XDG_CONFIG_HOME: join(dir, 'c'),
          NO_COLOR: '1',
        },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'k8s-manifests', '04-deployment.yaml'), 'utf8')).toContain('kind: Deployment');
  });
});
