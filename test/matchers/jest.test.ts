import { expect as jestExpect } from 'expect';
import type {} from '../../src/matchers/jest.js';
import { describe, expect, it } from 'vitest';
import { app, messageOf } from './builds.js';

/**
 * Loads the Jest entry as Jest's setupFilesAfterEnv would: with Jest's `expect` on the global.
 * A query makes Vite evaluate it again, while sharing the `emulate` module the builds came from.
 */
async function loadJestEntry(globalExpect: unknown, query = ''): Promise<void> {
  const scope = globalThis as { expect?: unknown };
  const saved = scope.expect;
  scope.expect = globalExpect;
  try {
    const entry = '../../src/matchers/jest.js';
    await import(/* @vite-ignore */ `${entry}${query}`);
  } finally {
    scope.expect = saved;
  }
}

describe('dockerfile-sim/jest', () => {
  it('extends Jest\'s expect, whose failures carry the same message', async () => {
    await loadJestEntry(jestExpect);
    jestExpect(app).toHaveFile('/app/package.json', { owner: 'node:node' });
    jestExpect(app).not.toHaveDirectory('/app/node_modules');
    jestExpect(app).toHaveBuiltStages(['deps', 'prod']);
    const message = messageOf(() => jestExpect(app).toExposePort(3000));
    expect(message).toBe(messageOf(() => expect(app).toExposePort(3000)));
    expect(message).toMatchInlineSnapshot(`
      "expect(result).toExposePort(3000)

      Expected: exposed port 3000/tcp
      Received: exposed ports 8080/tcp, 9229/udp"
    `);
    expect(messageOf(() => jestExpect(app).not.toHaveUser('node'))).toContain('Expected: not User "node"');
  });

  it('says where to load it from when there is no Jest expect', async () => {
    await expect(loadJestEntry(undefined, '?again')).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: dockerfile-sim/jest: Jest's expect was not found; import this module from a Jest test file or setupFilesAfterEnv]`);
  });
});
