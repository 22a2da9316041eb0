import { describe, expect, it } from 'vitest';
import { contentFromBuffer } from '../../../src/fs/content.js';
import { FsTree, TooManyLinksError, type DirNode, type Node } from '../../../src/fs/tree.js';

const dir = (mode = 0o755): DirNode => ({ type: 'dir', mode, uid: 0, gid: 0, children: new Map(), owner: undefined });
const file = (text: string): Node => ({ type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(text) });
const link = (target: string): Node => ({ type: 'symlink', mode: 0o777, uid: 0, gid: 0, target });

function treeOf(entries: Record<string, Node>): FsTree {
  const tree = FsTree.empty();
  for (const [path, node] of Object.entries(entries)) expect(tree.set(path, node)).toBe(true);
  return tree;
}

const paths = (tree: FsTree): string[] => [...tree.walk()].map(([p]) => p);
const text = (tree: FsTree, path: string): string | undefined => {
  const node = tree.get(path);
  return node?.type === 'file' ? node.content.bytes().toString() : undefined;
};

describe('FsTree.fork', () => {
  const base = () => treeOf({ '/a': dir(), '/a/b': dir(), '/a/b/c': dir(), '/a/b/c/f': file('base') });

  it('keeps a fork\'s changes out of the original, at every depth', () => {
    const original = base();
    const fork = original.fork();
    fork.set('/a/b/c/f', file('fork'));
    fork.set('/a/b/c/new', file('new'));
    fork.delete('/a/b/c/gone');
    fork.setDirMeta('/a/b', { mode: 0o700, uid: 1, gid: 2 });
    fork.set('/top', file('top'));
    expect(text(original, '/a/b/c/f')).toBe('base');
    expect(original.get('/a/b/c/new')).toBeUndefined();
    expect(original.get('/top')).toBeUndefined();
    expect(original.get('/a/b')).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(text(fork, '/a/b/c/f')).toBe('fork');
    expect(fork.get('/a/b')).toMatchObject({ mode: 0o700, uid: 1, gid: 2 });
    expect(paths(fork)).toEqual(['/a', '/a/b', '/a/b/c', '/a/b/c/f', '/a/b/c/new', '/top']);
  });

  it('keeps the original\'s later changes out of the fork, at every depth', () => {
    const original = base();
    const fork = original.fork();
    original.set('/a/b/c/f', file('changed'));
    original.delete('/a/b/c');
    original.set('/a/x', file('x'));
    expect(text(fork, '/a/b/c/f')).toBe('base');
    expect(fork.get('/a/x')).toBeUndefined();
    expect(paths(original)).toEqual(['/a', '/a/b', '/a/x']);
    expect(paths(fork)).toEqual(['/a', '/a/b', '/a/b/c', '/a/b/c/f']);
  });

  it('isolates forks of forks and sibling forks from each other', () => {
    const original = base();
    const one = original.fork();
    const two = original.fork();
    const three = one.fork();
    one.set('/a/b/c/f', file('one'));
    two.set('/a/b/c/f', file('two'));
    three.delete('/a/b/c/f');
    expect([original, one, two, three].map((t) => text(t, '/a/b/c/f'))).toEqual(['base', 'one', 'two', undefined]);
  });

  it('replaces the root\'s metadata in one tree only', () => {
    const original = base();
    const fork = original.fork();
    expect(fork.setDirMeta('/', { mode: 0o700, uid: 5, gid: 6 })).toBe(true);
    expect(fork.rootNode()).toMatchObject({ mode: 0o700, uid: 5, gid: 6 });
    expect(original.rootNode()).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(paths(fork)).toEqual(paths(original));
  });

  it('shares a directory set at a second place copy-on-write in the same tree', () => {
    const tree = base();
    tree.set('/a/b/c/g', file('g')); // the tree now owns /a/b/c and may change it in place
    expect(tree.set('/copy', tree.get('/a/b')!)).toBe(true);
    tree.set('/a/b/c/only-a', file('a'));
    tree.set('/copy/c/only-copy', file('copy'));
    expect(paths(tree)).toEqual([
      '/a', '/a/b', '/a/b/c', '/a/b/c/f', '/a/b/c/g', '/a/b/c/only-a',
      '/copy', '/copy/c', '/copy/c/f', '/copy/c/g', '/copy/c/only-copy',
    ]);
  });

  it('shares a directory taken from another tree copy-on-write in both', () => {
    const source = base();
    source.set('/a/b/c/g', file('g'));
    const target = FsTree.empty();
    target.set('/in', source.get('/a')!);
    source.set('/a/b/c/later', file('later'));
    target.set('/in/b/c/mine', file('mine'));
    expect(paths(target)).toEqual(['/in', '/in/b', '/in/b/c', '/in/b/c/f', '/in/b/c/g', '/in/b/c/mine']);
    expect(paths(source)).toEqual(['/a', '/a/b', '/a/b/c', '/a/b/c/f', '/a/b/c/g', '/a/b/c/later']);
  });
});

describe('FsTree.set and delete', () => {
  it('needs an existing parent directory', () => {
    const tree = treeOf({ '/f': file('f') });
    expect(tree.set('/missing/x', file('x'))).toBe(false);
    expect(tree.set('/f/x', file('x'))).toBe(false);
    expect(tree.delete('/missing/x')).toBe(false);
    expect(tree.delete('/')).toBe(false);
    expect(tree.delete('/f')).toBe(true);
    expect(paths(tree)).toEqual([]);
  });

  it('keeps the children of a directory whose metadata changes', () => {
    const tree = treeOf({ '/d': dir(), '/d/f': file('f') });
    expect(tree.setDirMeta('/d', { mode: 0o1777, uid: 3, gid: 4 })).toBe(true);
    expect(tree.setDirMeta('/d/f', { mode: 0o600, uid: 0, gid: 0 })).toBe(false);
    expect(tree.get('/d')).toMatchObject({ type: 'dir', mode: 0o1777, uid: 3, gid: 4 });
    expect(text(tree, '/d/f')).toBe('f');
    tree.set('/d/g', file('g'));
    expect(paths(tree)).toEqual(['/d', '/d/f', '/d/g']);
    // A whole (empty) directory node passed as the metadata brings no children along.
    expect(tree.setDirMeta('/d', dir(0o700))).toBe(true);
    expect(paths(tree)).toEqual(['/d', '/d/f', '/d/g']);
    expect(tree.get('/d')).toMatchObject({ mode: 0o700 });
  });
});

describe('FsTree.resolve', () => {
  const tree = treeOf({
    '/usr': dir(),
    '/usr/lib': dir(),
    '/usr/lib/libc.so': file('libc'),
    '/lib': link('usr/lib'),
    '/abs': link('/usr/lib'),
    '/usr/lib/up': link('../..'),
    '/chain1': link('chain2'),
    '/chain2': link('/abs/libc.so'),
    '/dangling': link('nowhere/x'),
    '/escape': link('../../../../usr'),
  });

  it('follows relative and absolute symlinks in parent components', () => {
    expect(tree.resolve('/lib/libc.so', false)).toBe('/usr/lib/libc.so');
    expect(tree.resolve('/abs/libc.so', true)).toBe('/usr/lib/libc.so');
    expect(tree.resolve('lib/libc.so', true)).toBe('/usr/lib/libc.so');
  });

  it('follows the last component only when told to', () => {
    expect(tree.resolve('/lib', false)).toBe('/lib');
    expect(tree.resolve('/lib', true)).toBe('/usr/lib');
    expect(tree.resolve('/chain1', false)).toBe('/chain1');
  });

  it('follows chained symlinks', () => {
    expect(tree.resolve('/chain1', true)).toBe('/usr/lib/libc.so');
    expect(tree.lookup('/chain1')).toEqual({ path: '/usr/lib/libc.so', node: tree.get('/usr/lib/libc.so') });
    expect(tree.resolve('/usr/lib/up/lib/libc.so', true)).toBe('/usr/lib/libc.so');
  });

  it('clamps `..` at the root, in the path and in link targets', () => {
    expect(tree.resolve('/../../usr/./lib/../lib', true)).toBe('/usr/lib');
    expect(tree.resolve('/escape/lib', true)).toBe('/usr/lib');
    expect(tree.resolve('/usr/lib/up/up', false)).toBe('/up');
  });

  it('returns the real path of a missing entry', () => {
    expect(tree.resolve('/lib/missing/deeper', true)).toBe('/usr/lib/missing/deeper');
    expect(tree.resolve('/dangling', true)).toBe('/nowhere/x');
    expect(tree.lookup('/dangling')).toEqual({ path: '/nowhere/x', node: undefined });
  });

  it('throws TooManyLinksError on a symlink loop', () => {
    const loop = treeOf({ '/a': link('b'), '/b': link('/a'), '/self': link('self/x') });
    expect(() => loop.resolve('/a', true)).toThrow(TooManyLinksError);
    expect(() => loop.resolve('/a/x', false)).toThrow('too many levels of symbolic links: /a/x');
    expect(() => loop.resolve('/self', true)).toThrow(TooManyLinksError);
    expect(loop.resolve('/a', false)).toBe('/a');
  });
});

describe('FsTree.walk', () => {
  it('lists each directory\'s names in order before descending, as filepath.Walk does', () => {
    const tree = treeOf({
      '/a-c': file(''),
      '/a': dir(),
      '/a/b': file(''),
      '/B': file(''),
      '/a.d': dir(),
      '/a.d/z': file(''),
      '/a/a': dir(),
      '/é': file(''),
      '/_': file(''),
    });
    expect(paths(tree)).toEqual(['/B', '/_', '/a', '/a/a', '/a/b', '/a-c', '/a.d', '/a.d/z', '/é']);
  });

  it('sorts names by UTF-8 bytes, astral characters after the rest of the BMP', () => {
    const names = ['\u{1F600}', '\uFFFD', 'z', '\u00E9', '\uE000', '\u{10000}', 'a\u{1F600}', 'a'];
    const tree = treeOf(Object.fromEntries(names.map((n) => [`/${n}`, file('')])));
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(paths(tree)).toEqual(byBytes.map((n) => `/${n}`));
    expect(byBytes).toEqual(['a', 'a\u{1F600}', 'z', '\u00E9', '\uE000', '\uFFFD', '\u{10000}', '\u{1F600}']);
  });

  it('walks a subtree and nothing for a missing or non-directory start', () => {
    const tree = treeOf({ '/a': dir(), '/a/x': dir(), '/a/x/y': file(''), '/b': file('') });
    expect([...tree.walk('/a/')].map(([p]) => p)).toEqual(['/a/x', '/a/x/y']);
    expect([...tree.walk('/b')]).toEqual([]);
    expect([...tree.walk('/nope')]).toEqual([]);
  });
});
