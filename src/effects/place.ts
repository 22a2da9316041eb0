import { parentOf } from '../fs/paths.js';
import type { FsTree, Meta, Node, Origin } from '../fs/tree.js';
import { mkdirAll } from '../execute/mkdirAll.js';
import type { LoadedDir, LoadedLink } from './load.js';

const PARENT: Meta = { mode: 0o755, uid: 0, gid: 0 };

/**
 * Runs one placement; a declaration the modelled tree cannot take (a parent that is a file, a
 * symlink loop) is the user's mistake, reported as a TypeError naming the declaration.
 */
function guarded<T>(declaration: string, stage: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError(`run effects: ${declaration}: ${(error as Error).message} (in stage ${stage})`);
  }
}

/** The real path an entry goes to: parents made 0755 root as needed, symlinks among them followed, the last not. */
function target(tree: FsTree, path: string, origin: Origin): string {
  mkdirAll(tree, parentOf(path), PARENT, origin);
  return tree.resolve(path, false);
}

/** Puts a node (a file, link or whole tree) at a path, replacing what is there; returns its real path. */
export function placeNode(tree: FsTree, path: string, node: Node, declaration: string, origin: Origin): string {
  return guarded(declaration, origin.stage, () => {
    const real = target(tree, path, origin);
    tree.delete(real);
    tree.set(real, node);
    return real;
  });
}

/** `mkdir -p`: an existing directory (or a symlink to one) keeps its metadata unless some is declared. */
export function placeDir(tree: FsTree, dir: LoadedDir, origin: Origin): void {
  guarded(dir.declaration, origin.stage, () => {
    let real = target(tree, dir.path, origin);
    if (tree.get(real)?.type === 'symlink' && tree.lookup(real).node?.type === 'dir') real = tree.resolve(real, true);
    const node = tree.get(real);
    if (node?.type === 'dir') {
      if (dir.mode === undefined && dir.owner === undefined) return;
      const meta = { mode: dir.mode ?? node.mode, uid: dir.owner?.uid ?? node.uid, gid: dir.owner?.gid ?? node.gid };
      tree.setDirMeta(real, meta, origin);
      return;
    }
    tree.delete(real);
    const owner = dir.owner ?? { uid: 0, gid: 0 };
    tree.set(real, { type: 'dir', mode: dir.mode ?? 0o755, uid: owner.uid, gid: owner.gid, children: new Map(), owner: undefined, origin });
  });
}

export function placeLink(tree: FsTree, link: LoadedLink, origin: Origin): void {
  const node: Node = { type: 'symlink', mode: 0o777, uid: link.owner.uid, gid: link.owner.gid, target: link.target, origin };
  placeNode(tree, link.path, node, link.declaration, origin);
}

/** `rm -rf`: a missing path is no error; a symlink is removed, not what it points to. */
export function deletePath(tree: FsTree, path: string, declaration: string, stage: string): void {
  guarded(declaration, stage, () => tree.delete(tree.resolve(path, false)));
}
