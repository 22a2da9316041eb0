import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need a real Docker daemon run only through `npm run test:docker`.
    exclude: ['test/docker/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
