// esbuild plugins for the CLI bundle: work moved from every run to build time.
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';

/**
 * @kubernetes-models' validators import RE2 eagerly; the bundle gives them a wrapper
 * that loads the WebAssembly engine only when a pattern is first used.
 */
export const lazyRe2 = {
  name: 'lazy-re2',
  setup(b) {
    const wrapper = new URL('../src/manifests/lazy-re2.ts', import.meta.url).pathname;
    b.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2(\.js)?$/ }, () => ({ path: wrapper }));
  },
};

/**
 * Replaces mcp/precomputed-schemas.ts with the tools' JSON Schemas converted now, from
 * the compiled servers (tsc runs first), one lazily imported chunk per server.
 */
export async function precomputedSchemas() {
  const { AGENT_SERVERS, BUILTIN_SERVERS, loadBuiltinServer } = await import('../dist/mcp/registry.js');
  const { serverJsonSchemas } = await import('../dist/mcp/shared/json-schema.js');
  const names = [...BUILTIN_SERVERS, ...AGENT_SERVERS];
  const schemas = {};
  for (const name of names) schemas[name] = serverJsonSchemas((await loadBuiltinServer(name)).definition.tools);
  const NS = 'kk-tool-schemas';
  return {
    name: 'precomputed-schemas',
    setup(b) {
      b.onLoad({ filter: /[\\/]mcp[\\/]precomputed-schemas\.ts$/ }, (a) => {
        // Keep the source's signature honest: the replacement exports the same function.
        if (!/export async function precomputedSchemas\(/.test(readFileSync(a.path, 'utf8')))
          throw new Error(`${a.path} no longer exports precomputedSchemas()`);
        const loaders = names
          .map((n) => `${JSON.stringify(n)}: () => import(${JSON.stringify(`${NS}:${n}`)})`)
          .join(',\n  ');
        return {
          loader: 'js',
          contents: `const loaders = {\n  ${loaders}\n};\nexport async function precomputedSchemas(server) {\n  const load = Object.hasOwn(loaders, server) ? loaders[server] : undefined;\n  return load ? (await load()).default : undefined;\n}\n`,
        };
      });
      b.onResolve({ filter: new RegExp(`^${NS}:`) }, (a) => ({ path: a.path.slice(NS.length + 1), namespace: NS }));
      // JSON.parse of a string literal parses faster than the same data as an object literal.
      b.onLoad({ filter: /.*/, namespace: NS }, (a) => ({
        loader: 'js',
        contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(schemas[a.path]))});\n`,
      }));
    },
  };
}

/**
 * Node's built-in modules reached through require() instead of import. An ESM import
 * of a builtin builds its module facade, which evaluates every lazy export (node:util's
 * alone pulls in worker_threads and the Web Locks API): ~8 ms of each run for exports
 * nobody uses. require() hands over the module object and leaves its getters alone.
 */
export const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    // punycode is the userland package (aliased in bundle.mjs), not the deprecated builtin.
    const names = new Set(builtinModules.filter((m) => m !== 'punycode').flatMap((m) => [m, `node:${m}`]));
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (a) => {
      if (!names.has(a.path)) return undefined;
      // The wrapper's own require() stays a require() of the real module, and a dynamic
      // import() keeps its namespace object (named exports), so both stay as written.
      if (a.namespace === 'builtin' || a.kind === 'dynamic-import') return { path: a.path, external: true };
      return { path: a.path.replace(/^node:/, ''), namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => ({
      loader: 'js',
      contents: LAZY_BUILTINS.has(a.path)
        ? lazyBuiltin(a.path)
        : `module.exports = require(${JSON.stringify(`node:${a.path}`)});\n`,
    }));
  },
};

/**
 * Builtins that a module imports at load but a run rarely uses: commander imports
 * child_process (with net, dgram and streams behind it) for external subcommands we
 * never have. Their exports become getters that load the module on first use.
 * node:util is loaded already, but its exports include lazy values (TextDecoder and
 * friends) that materialise when the bundle copies the export list into a namespace:
 * ~3 ms and 30-odd internal modules per run, for the one or two functions used.
 */
const LAZY_BUILTINS = new Set(['child_process', 'util']);

function lazyBuiltin(name) {
  const id = JSON.stringify(`node:${name}`);
  const names = Object.keys(createRequire(import.meta.url)(`node:${name}`));
  return [
    `let loaded;`,
    `const load = () => (loaded ??= require(${id}));`,
    ...names.map(
      (n) =>
        `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`,
    ),
    '',
  ].join('\n');
}

/**
 * zod's entry exports every translation of its error messages (`z.locales`, ~60
 * modules parsed and evaluated on each run); the product speaks English only, so
 * the bundle's locale index holds just that one. A test keeps zod's messages English.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(a.importer)) return undefined;
      return { path: new URL('../locales/en.js', `file://${a.importer}`).pathname, namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({
      loader: 'js',
      resolveDir: a.path.replace(/[\\/][^\\/]*$/, ''),
      contents: `export { default as en } from ${JSON.stringify(a.path)};\n`,
    }));
  },
};
