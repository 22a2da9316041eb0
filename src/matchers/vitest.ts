/**
 * `import 'dockerfile-sim/vitest'` (in a test file or `test.setupFiles`) adds the BuildResult
 * matchers to Vitest's `expect`, their types to `Assertion`, and the BuildResult snapshot serializer.
 */
import { expect } from 'vitest';
import { imageTreeSerializer, matchers, type DockerfileSimMatchers } from './index.js';

expect.extend(matchers);
expect.addSnapshotSerializer(imageTreeSerializer);

export * from './index.js';

declare module 'vitest' {
  // Type parameters must repeat Vitest's own declarations to merge with them.
  interface Assertion<T = any> extends DockerfileSimMatchers<void> {}
  // Asymmetric matchers return `any` in Vitest's own types, so they fit anywhere in toEqual().
  interface AsymmetricMatchersContaining extends DockerfileSimMatchers<any> {}
}
