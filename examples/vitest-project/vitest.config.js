import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Adds toHaveFile, toHaveUser, … to expect, and prints BuildResults in snapshots.
    setupFiles: ['dockerfile-sim/vitest'],
  },
});
