// Bundles the CLI into dist/bin/ with code splitting: start-up reads a few files instead
// of hundreds of modules, and what a command imports lazily stays in its own chunk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { builtinsByRequire, lazyRe2, precomputedSchemas, zodEnglishOnly } from './bundle-plugins.mjs';

const outdir = new URL('../dist/bin/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'kaptain-kube': new URL('../src/cli/bin.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  // Ink loads React DevTools only when DEV is set; it is not a dependency.
  // re2-wasm loads its .wasm file from beside its own script, so it stays in node_modules.
  external: ['react-devtools-core', 're2-wasm'],
  // The userland punycode package, not Node's deprecated built-in of the same name.
  alias: { punycode: 'punycode/punycode.js' },
  // React and its reconciler pick their production builds (no dev-only checks, half the code to load).
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [builtinsByRequire, lazyRe2, zodEnglishOnly, await precomputedSchemas()],
  logLevel: 'warning',
  // Bundled CommonJS dependencies still call require(); give ESM one.
  banner: {
    js: "import { createRequire as __kkCreateRequire } from 'node:module'; const require = __kkCreateRequire(import.meta.url);",
  },
});
