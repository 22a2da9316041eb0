import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentFromHash } from '../../../src/fs/content.js';
import { treeEntries } from '../../../src/report/treeEntries.js';
import { makeTree } from './trees.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('treeEntries', () => {
  it('lists every entry in walk order with Docker\'s hard-link form', () => {
    const tree = makeTree([
      { dir: '/a', mode: 0o2775, uid: 1, gid: 2 },
      { file: '/a/z', content: 'zz', mode: 0o4755 },
      { dir: '/a/b' },
      { file: '/a/b/x', content: 'x' },
      // Linked from a later path first: the first path in walk order is the file all the same.
      { link: '/a-c', to: '/a/z' },
      { link: '/a/b/y', to: '/a/z' },
      { symlink: '/l', target: 'a/z', uid: 3, gid: 4 },
      { file: '/unknown', content: 'abc', unknown: true },
      { file: '/hashed', content: contentFromHash(9, 'f'.repeat(64)) },
      {
        file: '/broken',
        content: { size: 4, bytes: () => Buffer.from('oops'), sha256: () => { throw new Error('gone'); } },
      },
    ]);
    expect(treeEntries(tree)).toEqual([
      { path: '/a', type: 'dir', mode: 0o2775, uid: 1, gid: 2, size: 0 },
      { path: '/a/b', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
      { path: '/a/b/x', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, sha256: sha('x') },
      { path: '/a/b/y', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 2, sha256: sha('zz') },
      { path: '/a/z', type: 'hardlink', mode: 0o4755, uid: 0, gid: 0, size: 0, linkTarget: '/a/b/y' },
      { path: '/a-c', type: 'hardlink', mode: 0o4755, uid: 0, gid: 0, size: 0, linkTarget: '/a/b/y' },
      { path: '/broken', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 4 },
      { path: '/hashed', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 9, sha256: 'f'.repeat(64) },
      { path: '/l', type: 'symlink', mode: 0o777, uid: 3, gid: 4, size: 0, linkTarget: 'a/z' },
      { path: '/unknown', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3 },
    ]);
  });

  it('says 0777 for every symlink and keeps only permission bits', () => {
    const tree = makeTree([{ file: '/f', mode: 0o644 }, { file: '/g', mode: 0o100600 }]);
    tree.set('/s', { type: 'symlink', mode: 0o644, uid: 0, gid: 0, target: 'f' });
    expect(treeEntries(tree).map((e) => [e.path, e.mode])).toEqual([['/f', 0o644], ['/g', 0o600], ['/s', 0o777]]);
  });

  it('lists nothing for an empty tree', () => {
    expect(treeEntries(makeTree([]))).toEqual([]);
  });
});
