import type { FileNode, FsTree, Node } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { TreeEntry } from '../model/image.js';

/** Every entry of a tree in walk order with a file's content hash (when known). */
export function treeEntries(tree: FsTree): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const { entry, node } of exportEntries(tree)) {
    const sha256 = entry.type === 'file' ? hashOf(node as FileNode) : undefined;
    // Written out, not `{ ...entry, sha256 }`: V8 builds a spread-then-extended literal slowly.
    entries.push(
      sha256 ? { path: entry.path, uid: entry.uid, gid: entry.gid, mode: entry.mode, size: entry.size, type: entry.type, sha256 } : entry,
    );
  }
  return entries;
}

/**
 * A tree's entries as Docker's exporters list them (filepath.Walk order): the first path of a
 * hard-link group is the file, later ones are `hardlink` entries naming it, with size 0.
 * Entries are plain literals (key order path, uid, gid, mode, size, type, linkTarget): this runs
 * once per file of the image, and spreading a shared `meta` object costs microseconds per entry.
 */
export function* exportEntries(tree: FsTree): Generator<{ entry: TreeEntry; node: Node }> {
  const firstOfGroup = new Map<object, string>();
  for (const [path, node] of tree.walk()) {
    const { uid, gid } = node;
    const mode = node.mode & 0o7777;
    if (node.type === 'dir') {
      yield { entry: { path, uid, gid, mode, size: 0, type: 'dir' }, node };
    } else if (node.type === 'symlink') {
      // Linux has no symlink permissions: lstat and tar always say 0777.
      yield { entry: { path, uid, gid, mode: 0o777, size: 0, type: 'symlink', linkTarget: node.target }, node };
    } else {
      const first = node.linkGroup && firstOfGroup.get(node.linkGroup);
      if (first !== undefined) {
        yield { entry: { path, uid, gid, mode, size: 0, type: 'hardlink', linkTarget: first }, node };
        continue;
      }
      if (node.linkGroup) firstOfGroup.set(node.linkGroup, path);
      yield { entry: { path, uid, gid, mode, size: node.content.size, type: 'file' }, node };
    }
  }
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
