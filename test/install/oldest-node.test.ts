// `npm i -g` of the packed tarball on the oldest Node that package.json's engines admits,
// then a generation with it: the supported-versions claim in the README is tested, not
// assumed. The runtime comes from the registry's `node` package (as the project's own pinned
// Node does), so this needs the npm registry; it says so and skips when npm cannot reach it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const engines = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).engines.node as string;
const oldest = /^>=\s*(\d+\.\d+\.\d+)$/.exec(engines)?.[1];
const registryReachable =
  spawnSync('npm', ['view', 'node@' + (oldest ?? '0'), 'version'], {
    encoding: 'utf8',
    timeout: 30_000,
  }).stdout?.trim() === oldest;

describe.skipIf(!registryReachable)(
  `install on the oldest supported Node (${engines}; skipped without the npm registry)`,
  () => {
    it('engines names one lower bound', () => expect(oldest, engines).toBeDefined());

    it(`npm pack, npm i -g on Node ${oldest}, then deploy --generate-only writes the tree`, () => {
      const work = mkdtempSync(join(tmpdir(), 'kk-oldest-node-'));
      const quiet = { cwd: work, stdio: 'pipe' as const, timeout: 240_000 };
      execFileSync('npm', ['init', '-y'], quiet);
      execFileSync('npm', ['i', `node@${oldest}`, '--no-audit', '--no-fund'], quiet);
      const bin = join(work, 'node_modules', '.bin');
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        XDG_DATA_HOME: join(work, 'data'),
        XDG_STATE_HOME: join(work, 'state'),
        XDG_CONFIG_HOME: join(work, 'config'),
        NO_COLOR: '1',
      };
      expect(execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim()).toBe(`v${oldest}`);
      // The tarball as published: dist/ from this build (`npm test` builds first).
      execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
        cwd: REPO,
        stdio: 'pipe',
        timeout: 120_000,
      });
      const tarball = readdirSync(work).find((f) => /^kaptain-kube-.*\.tgz$/.test(f))!;
      execFileSync(
        'npm',
        ['i', '-g', '--prefix', join(work, 'global'), join(work, tarball), '--no-audit', '--no-fund'],
        { ...quiet, env },
      );
      const out = join(work, 'k8s');
      const run = spawnSync(
        join(work, 'global', 'bin', 'kaptain-kube'),
        ['deploy', 'app-config.yaml', '--generate-only', '--output-dir', out, '--yes'],
        { cwd: join(REPO, 'fixtures', 'blog-api'), env, encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/✓ \d+ files written/);
      expect(readdirSync(join(out, 'k8s-manifests'))).toContain('04-deployment.yaml');
      const plugin = spawnSync(join(work, 'global', 'bin', 'kubectl-kaptain'), ['--version'], {
        env,
        encoding: 'utf8',
      });
      expect(plugin.status, plugin.stderr).toBe(0);
    }, 600_000);
  },
);
