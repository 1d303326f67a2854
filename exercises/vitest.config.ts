/**
 * Configuration of the hidden tests. The check host loads it once while warm;
 * authors can use it directly:
 *   SOCKETS_LAB_SOLUTION=$PWD/exercises/tcp-echo/solution/solution.ts \
 *     npx vitest run --config exercises/vitest.config.ts exercises/tcp-echo
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    // Teachers' test packs live outside this checkout and import the testkit by this name.
    alias: { 'sockets-lab/testkit': fileURLToPath(new URL('../testkit', import.meta.url)) },
  },
  test: {
    include: ['exercises/*/tests/**/*.test.ts'],
    // Each test file in its own child process: the learner's code is loaded
    // afresh for every check and a crash or process.exit() stays contained.
    pool: 'forks',
    isolate: true,
    // Tests inside one exercise share loopback ports and time budgets; run
    // them one after another so a slow test cannot starve its neighbour.
    fileParallelism: false,
    testTimeout: 5_000,
    hookTimeout: 5_000,
    setupFiles: ['testkit/setup.ts'],
    watch: false,
  },
});
