/** Which COPY --from sources of a partial stage count as known because a declared product holds them. */
import { describe, expect, it } from 'vitest';
import { sourcePartial } from '../../src/effects/known.js';
import type { SourceRoot } from '../../src/execute/copy/sources.js';
import { FsTree } from '../../src/fs/tree.js';
import type { BuilderMode } from '../../src/model/builder.js';

function root(partial: boolean, known?: string[]): SourceRoot {
  const tree = FsTree.empty();
  const dir = { type: 'dir' as const, mode: 0o755, uid: 0, gid: 0, owner: undefined };
  tree.set('/out', { ...dir, children: new Map() });
  tree.set('/out/dist', { ...dir, children: new Map() });
  tree.set('/link', { type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: '/out/dist' });
  return { tree, fromContext: false, partial, known, label: (p) => p };
}

describe('sourcePartial', () => {
  const cases: [BuilderMode, string, boolean][] = [
    ['buildkit', '/out/dist', false],
    ['buildkit', 'out/dist/', false],
    ['buildkit', '/out/dist/a/../b.js', false],
    ['buildkit', '/out/dist/*.js', false],
    ['buildkit', '/link/x.js', false], // through a symlink into the product
    ['buildkit', '/out', true], // a parent of the product
    ['buildkit', '/out/distant', true],
    ['buildkit', '/out/*/x', true],
    ['classic', '/out/dist/', false], // a named path is looked up, trailing slash and all
    ['classic', 'out/dist/*.js', false],
    ['classic', '/out/dist/./*.js', true], // classic does not clean a pattern: left undecided
    ['classic', '/link/*.js', true], // nor follow a symlink while matching one
  ];
  it.each(cases)('%s %s: partial %s', (builder, source, partial) => {
    expect(sourcePartial(root(true, ['/out/dist']), source, builder)).toBe(partial);
  });

  it('is false for any source of a root that is not partial, and true without products', () => {
    expect(sourcePartial(root(false), '/anything', 'buildkit')).toBe(false);
    expect(sourcePartial(root(true), '/out/dist', 'buildkit')).toBe(true);
  });
});
