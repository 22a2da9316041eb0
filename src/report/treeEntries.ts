import type { FileNode, FsTree, Node } from '../fs/tree.js';
import type { TreeEntry } from '../model/image.js';

/** Every entry of a tree in walk order with a file's content hash (when known). */
export function treeEntries(tree: FsTree): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const { entry, node } of exportEntries(tree)) {
    const sha256 = entry.type === 'file' ? hashOf(node as FileNode) : undefined;
    entries.push(sha256 ? { ...entry, sha256 } : entry);
  }
  return entries;
}

/**
 * A tree's entries as Docker's exporters list them (filepath.Walk order): the first path of a
 * hard-link group is the file, later ones are `hardlink` entries naming it, with size 0.
 */
export function* exportEntries(tree: FsTree): Generator<{ entry: TreeEntry; node: Node }> {
  const firstOfGroup = new Map<object, string>();
  for (const [path, node] of tree.walk()) {
    const meta = { path, uid: node.uid, gid: node.gid, mode: node.mode & 0o7777, size: 0 };
    if (node.type === 'dir') {
      yield { entry: { ...meta, type: 'dir' }, node };
    } else if (node.type === 'symlink') {
      // Linux has no symlink permissions: lstat and tar always say 0777.
      yield { entry: { ...meta, type: 'symlink', mode: 0o777, linkTarget: node.target }, node };
    } else {
      const first = node.linkGroup && firstOfGroup.get(node.linkGroup);
      if (first !== undefined) {
        yield { entry: { ...meta, type: 'hardlink', linkTarget: first }, node };
        continue;
      }
      if (node.linkGroup) firstOfGroup.set(node.linkGroup, path);
      yield { entry: { ...meta, type: 'file', size: node.content.size }, node };
    }
  }
}

/** The content's hash, unless a step the emulator could not run left it unknown. */
function hashOf(node: FileNode): string | undefined {
  if (node.unknown) return undefined;
  try {
    return node.content.sha256();
  } catch {
    return undefined;
  }
}
