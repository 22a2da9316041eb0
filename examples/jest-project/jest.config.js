/** dockerfile-sim is an ES module, so Jest runs in its ESM mode (see the test script) without transforms. */
export default {
  testEnvironment: 'node',
  transform: {},
  // Adds toHaveFile, toHaveUser, … to expect, and prints BuildResults in snapshots.
  setupFilesAfterEnv: ['dockerfile-sim/jest'],
};
