import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanAbsolute } from '../../../src/fs/paths.js';

/** What cleanAbsolute computed before its fast path for paths that are already clean. */
const reference = (path: string): string => posix.normalize(posix.join('/', path)).replace(/(.)\/+$/, '$1');

describe('cleanAbsolute', () => {
  it('agrees with posix.normalize on any path, clean or not', () => {
    const piece = fc.constantFrom('/', '//', '.', '..', '...', 'a', '.a', '..a', 'b c', 'é', '\u{1F600}', '\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), (path) => {
        expect(cleanAbsolute(path)).toBe(reference(path));
      }),
      { numRuns: 5000 },
    );
  });

  it('returns a clean path as it is', () => {
    for (const path of ['/', '/a', '/a/b.c/...', '/.hidden/..x']) expect(cleanAbsolute(path)).toBe(path);
    for (const [path, clean] of [['', '/'], ['a/', '/a'], ['/a/./b', '/a/b'], ['/a/../..', '/'], ['//a//b/', '/a/b'], ['/a/.', '/a']]) {
      expect(cleanAbsolute(path!)).toBe(clean);
    }
  });
});
