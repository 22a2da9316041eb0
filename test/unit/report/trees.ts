import { contentFromBuffer, type Content } from '../../../src/fs/content.js';
import { cleanAbsolute, parentOf } from '../../../src/fs/paths.js';
import { FsTree, type Node } from '../../../src/fs/tree.js';

/** Test helper: a tree from a list of entries, parents first; `link` makes hard links. */
export type Spec =
  | { dir: string; mode?: number; uid?: number; gid?: number }
  | { file: string; content?: string | Buffer | Content; mode?: number; uid?: number; gid?: number; unknown?: boolean }
  | { symlink: string; target: string; uid?: number; gid?: number }
  | { link: string; to: string };

export function makeTree(specs: readonly Spec[]): FsTree {
  const tree = FsTree.empty();
  for (const spec of specs) {
    let path: string;
    let node: Node;
    if ('dir' in spec) {
      path = spec.dir;
      node = { type: 'dir', mode: spec.mode ?? 0o755, uid: spec.uid ?? 0, gid: spec.gid ?? 0, children: new Map(), owner: undefined };
    } else if ('file' in spec) {
      path = spec.file;
      const content = spec.content === undefined || typeof spec.content === 'string' || Buffer.isBuffer(spec.content) ? contentFromBuffer(spec.content ?? '') : spec.content;
      node = { type: 'file', mode: spec.mode ?? 0o644, uid: spec.uid ?? 0, gid: spec.gid ?? 0, content, ...(spec.unknown ? { unknown: true } : {}) };
    } else if ('symlink' in spec) {
      path = spec.symlink;
      node = { type: 'symlink', mode: 0o777, uid: spec.uid ?? 0, gid: spec.gid ?? 0, target: spec.target };
    } else {
      path = spec.link;
      const target = tree.get(spec.to);
      if (target?.type !== 'file') throw new Error(`${spec.to} is not a file`);
      const linked = { ...target, linkGroup: target.linkGroup ?? {} };
      tree.set(spec.to, linked);
      node = linked;
    }
    if (!tree.set(cleanAbsolute(path), node)) throw new Error(`no directory ${parentOf(path)}`);
  }
  return tree;
}
