// Checks the layer rules in .dependency-cruiser.cjs. dependency-cruiser reads TypeScript only
// through the TypeScript 5/6 compiler API, which TypeScript 7 no longer ships; so each source
// file is first turned into JavaScript with esbuild, keeping every import, type-only ones
// included (a type import from an upper layer ties the layers together as much as a value import).
// Usage: node scripts/check-deps.mjs [--root DIR (another copy of the tree)] [depcruise options]
import { transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args.splice(rootAt, 2)[1] : join(here, '..');
const SCANNED = ['src', 'mcp'];
// test/ is mirrored but not scanned: an import of it from src/ or mcp/ must resolve to be refused.
const MIRRORED = [...SCANNED, 'test'];

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

// `import type` and `export type … from` would vanish in JavaScript; as plain imports they stay.
const keepTypeImports = (text) =>
  text
    .replace(/^(\s*)import type /gm, '$1import ')
    .replace(/^(\s*)export type (\{[^}]*\}|\*) from /gm, '$1export $2 from ');

const mirror = mkdtempSync(join(tmpdir(), 'kk-deps-'));
try {
  const jobs = [];
  for (const top of MIRRORED.filter((dir) => existsSync(join(root, dir)))) {
    for (const file of sources(join(root, top))) {
      const rel = relative(root, file);
      const out = join(mirror, rel.replace(/\.tsx?$/, '.js'));
      jobs.push(
        transform(keepTypeImports(readFileSync(file, 'utf8')), {
          loader: file.endsWith('.tsx') ? 'tsx' : 'ts',
          jsx: 'automatic',
          sourcefile: rel,
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
        }).then(({ code }) => {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, code);
        }),
      );
    }
  }
  await Promise.all(jobs);
  // Package imports resolve from the mirror as they do from the checkout.
  symlinkSync(join(here, '..', 'node_modules'), join(mirror, 'node_modules'), 'dir');
  const cli = join(here, '..', 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const config = join(here, '..', '.dependency-cruiser.cjs');
  const run = spawnSync(process.execPath, [cli, '--config', config, ...args, ...SCANNED], {
    cwd: mirror,
    stdio: 'inherit',
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(mirror, { recursive: true, force: true });
}
