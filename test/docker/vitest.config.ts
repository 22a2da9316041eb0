import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Only the tests that need the reference Docker engine (npm run test:docker); `npm test` never
// runs them (the root config excludes test/docker/**).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/docker/**/*.test.ts'],
    // Real builds: hundreds of them, shrinking included.
    testTimeout: 80 * 60_000,
    hookTimeout: 120_000,
  },
});
