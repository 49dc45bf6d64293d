import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CLI and e2e suites spawn the built binary; `npm test` builds first (pretest).
    pool: 'forks',
    setupFiles: ['test/helpers/isolated-home.ts'],
  },
});
