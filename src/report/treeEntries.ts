import type { FileNode, FsTree, Node } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { TreeEntry } from '../model/image.js';

/** Every entry of a tree in walk order with a file's content hash (when known). */
export function treeEntries(tree: FsTree): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const firstOfGroup = new Map<object, string>();
  // One object per entry (not exportEntries' wrapper and a copy with the hash): a large tree's
  // entries are mostly garbage-collector work otherwise.
  for (const [path, node] of tree.walk()) entries.push(entryOf(path, node, firstOfGroup, true));
  return entries;
}

/**
 * A tree's entries as Docker's exporters list them (filepath.Walk order): the first path of a
 * hard-link group is the file, later ones are `hardlink` entries naming it, with size 0.
 */
export function* exportEntries(tree: FsTree): Generator<{ entry: TreeEntry; node: Node }> {
  const firstOfGroup = new Map<object, string>();
  for (const [path, node] of tree.walk()) yield { entry: entryOf(path, node, firstOfGroup, false), node };
}

/**
 * One entry, a plain literal (key order path, uid, gid, mode, size, type, linkTarget or sha256):
 * this runs once per file of the image, and spreading a shared `meta` object into each costs
 * microseconds per entry in V8.
 */
function entryOf(path: string, node: Node, firstOfGroup: Map<object, string>, withHash: boolean): TreeEntry {
  const { uid, gid } = node;
  const mode = node.mode & 0o7777;
  if (node.type === 'dir') return { path, uid, gid, mode, size: 0, type: 'dir' };
  // Linux has no symlink permissions: lstat and tar always say 0777.
  if (node.type === 'symlink') return { path, uid, gid, mode: 0o777, size: 0, type: 'symlink', linkTarget: node.target };
  const first = node.linkGroup && firstOfGroup.get(node.linkGroup);
  if (first !== undefined) return { path, uid, gid, mode, size: 0, type: 'hardlink', linkTarget: first };
  if (node.linkGroup) firstOfGroup.set(node.linkGroup, path);
  const sha256 = withHash ? hashOf(node) : undefined;
  const size = node.content.size;
  return sha256 ? { path, uid, gid, mode, size, type: 'file', sha256 } : { path, uid, gid, mode, size, type: 'file' };
}

/**
 * The content's hash, unless a step the emulator could not run left it unknown. A context file
 * that cannot be read fails the build (DockerfileError 'context-error'), as Docker's sender does.
 */
function hashOf(node: FileNode): string | undefined {
  if (node.unknown) return undefined;
  try {
    return node.content.sha256();
  } catch (error) {
    if (error instanceof DockerfileError) throw error;
    return undefined;
  }
}
