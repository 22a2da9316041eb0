/**
 * `import 'dockerfile-sim/jest'` (in a test file, or in `setupFilesAfterEnv`) adds the
 * BuildResult matchers to Jest's `expect`, their types to Jest's (`@jest/globals` and
 * `@types/jest`), and the BuildResult snapshot serializer. The package is ESM, so Jest runs it
 * in its ESM mode (`node --experimental-vm-modules`).
 */
// Puts Jest's 'expect' types in the program, which the augmentation below needs (erased from the output).
import type {} from 'expect';
import { imageTreeSerializer, matchers, type DockerfileSimMatchers } from './index.js';

/** The part of Jest's `expect` this module uses. */
interface ExtensibleExpect {
  extend(matchers: object): void;
  addSnapshotSerializer?(serializer: object): void;
}

/** Jest puts `expect` on the test's global unless `injectGlobals` is off; then `@jest/globals` has it. */
async function jestExpect(): Promise<ExtensibleExpect> {
  const global = (globalThis as { expect?: ExtensibleExpect }).expect;
  if (typeof global?.extend === 'function') return global;
  const name = '@jest/globals'; // a variable, so TypeScript does not need Jest's types to compile this
  try {
    const { expect } = (await import(name)) as { expect: ExtensibleExpect };
    return expect;
  } catch {
    throw new Error('dockerfile-sim/jest: Jest\'s expect was not found; import this module from a Jest test file or setupFilesAfterEnv');
  }
}

const expect = await jestExpect();
expect.extend(matchers);
expect.addSnapshotSerializer?.(imageTreeSerializer);

export * from './index.js';

declare module 'expect' {
  // Type parameters must repeat Jest's own declarations (Jest 29 and 30) to merge with them.
  interface Matchers<R extends void | Promise<void>, T = unknown> extends DockerfileSimMatchers<R> {}
  interface AsymmetricMatchers extends DockerfileSimMatchers<void> {}
}

declare global {
  // For projects typed by @types/jest rather than @jest/globals.
  namespace jest {
    interface Matchers<R, T = {}> extends DockerfileSimMatchers<R> {}
  }
}
