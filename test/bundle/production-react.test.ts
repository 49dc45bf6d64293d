// The bundle gives React and its reconciler their production builds: the development
// builds double the code the chat loads before its first frame and run dev-only checks
// on every render. esbuild marks each bundled file with a `// node_modules/…` comment.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const chunks = join(REPO, 'dist', 'bin', 'chunks');
const bundledFiles = () =>
  readdirSync(chunks).flatMap((f) =>
    [...readFileSync(join(chunks, f), 'utf8').matchAll(/^\/\/ (node_modules\/\S+)$/gm)].map((m) => m[1]),
  );

describe('the built CLI', () => {
  it('bundles the production builds of react and react-reconciler, not the development ones', () => {
    const files = bundledFiles();
    expect(files.filter((f) => /\/react(-reconciler)?\/cjs\/.*\.development\.js$/.test(f))).toEqual([]);
    expect(files).toContain('node_modules/react-reconciler/cjs/react-reconciler.production.js');
    expect(files).toContain('node_modules/react/cjs/react.production.js');
  });
});
