/** Our own tests (`npm test`). Browser tests have their own config: tests/e2e/vitest.config.ts. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Fixtures include a teacher's test pack: it runs inside a check, not as one of our tests.
    exclude: ['tests/e2e/**', 'tests/fixtures/**', 'node_modules/**'],
    // These tests start real processes, ptys and sockets; give them room on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
