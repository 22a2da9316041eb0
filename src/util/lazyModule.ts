import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use. memfs and yaml are ~170 modules between them; a CLI
 * run that never reads YAML or builds a memfs view should not spend a third of its start-up
 * loading them.
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
