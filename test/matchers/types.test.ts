import { expect as jestExpect } from 'expect';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/index.js';
import type {} from '../../src/matchers/jest.js';
import { matchers } from '../../src/matchers/index.js';
import './builds.js';

/** Never called: `tsc` checks these lines against the augmented Vitest and Jest types. */
function typed(result: BuildResult): void {
  expect(result).toHaveFile('/a', { content: /x/, mode: '-rw-r--r--', owner: 'node:node' });
  expect(result).not.toHaveDirectory('/a', { mode: 0o755 });
  expect(result).toExposePort('8080/udp');
  expect({ image: result }).toEqual({ image: expect.toHaveEnv('A') });
  // @ts-expect-error: toHaveFile takes no `perm`
  expect(result).toHaveFile('/a', { perm: 0o644 });
  // @ts-expect-error: a port is a number or `N/proto`
  expect(result).toExposePort('http');
  // @ts-expect-error: argv is an array
  expect(result).toHaveCmd('node index.js');
  jestExpect(result).toHaveBuiltStages(['a']);
  jestExpect(result).not.toFailWith('source-not-found', { line: 2 });
  // @ts-expect-error: toFailWith takes a string or a RegExp
  jestExpect(result).toFailWith(2);
}

describe('types', () => {
  it('declares every matcher on both frameworks', () => {
    expect(typeof typed).toBe('function');
    expect(Object.keys(matchers).sort()).toEqual([
      'toExposePort', 'toFailWith', 'toHaveBuiltStages', 'toHaveCmd', 'toHaveDirectory', 'toHaveEntrypoint',
      'toHaveEnv', 'toHaveFile', 'toHaveLabel', 'toHaveSymlink', 'toHaveUser', 'toHaveWorkdir',
    ]);
  });
});
