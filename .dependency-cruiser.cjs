// Layer rules for `npm run lint:deps` (scripts/check-deps.mjs). Imports run one way, top to
// bottom: a module may import its own layer and the layers below it, never one above.
// Folders of one layer are peers: they may import each other as long as no cycle forms.
/** @type {{ name: string, paths: string[] }[]} top first */
const LAYERS = [
  { name: 'cli', paths: ['src/cli/', 'src/init/'] },
  { name: 'ui', paths: ['src/ui/'] },
  { name: 'agent', paths: ['src/agent/'] },
  { name: 'mcp-hosts', paths: ['src/mcp-client/', 'src/mcp-server/'] },
  { name: 'mcp-servers', paths: ['mcp/'] },
  { name: 'domain', paths: ['src/plan/', 'src/sessions/', 'src/app-config/'] },
  { name: 'artifacts', paths: ['src/manifests/', 'src/dockerfile/', 'src/kube/'] },
  { name: 'leaves', paths: ['src/terminal/', 'src/secrets/', 'src/input/', 'src/settings\\.', 'src/errors\\.', 'src/version\\.', 'src/vocabulary\\.'] },
];

/** One regular expression for a set of path prefixes (folders end in '/', files are escaped). */
const pattern = (paths) => `^(${paths.join('|')})`;

const upward = LAYERS.slice(1).map((layer, index) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} sits below ${LAYERS.slice(0, index + 1).map((l) => l.name).join(', ')}: it must not import them`,
  severity: 'error',
  from: { path: pattern(layer.paths) },
  to: { path: pattern(LAYERS.slice(0, index + 1).flatMap((l) => l.paths)) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'a cycle makes two modules one: break it by moving the shared part down',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-sibling-server',
      comment: 'an MCP server imports its own folder, mcp/shared/ and the layers below; helpers two servers share live in mcp/shared/',
      severity: 'error',
      from: { path: '^mcp/([^/]+)/' },
      to: { path: '^mcp/([^/]+)/', pathNot: ['^mcp/$1/', '^mcp/shared/'] },
    },
    {
      name: 'no-test-from-source',
      comment: 'shipped code never imports the test tree',
      severity: 'error',
      from: { path: '^(src|mcp)/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing is a typo or a missing dependency',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-unlisted-layer',
      comment: 'every source folder belongs to a layer: add a new one to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: pattern(LAYERS.flatMap((l) => l.paths)) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    moduleSystems: ['es6'],
    // Packages resolve through their `exports` maps, as Node resolves them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'], mainFields: ['module', 'main', 'types'] },
  },
};
