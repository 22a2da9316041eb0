import { DockerfileError } from '../model/errors.js';
import type { SourceRange } from '../model/source.js';

/**
 * Runs `fn`, giving any DockerfileError it throws without a position the range `at`, and the
 * message `prefix`. Line and argument parsers throw bare messages; their callers know where.
 */
export function located<T>(at: SourceRange, fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DockerfileError && e.range === undefined) throw new DockerfileError(e.code, prefix + e.message, at);
    throw e;
  }
}
