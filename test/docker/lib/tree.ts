import { loadImageArchive } from '../../../src/images/loadImageArchive.js';
import type { TreeEntry } from '../../../src/model/image.js';
import { formatTreeLine } from '../../../src/report/formatTree.js';
import { treeEntries } from '../../../src/report/treeEntries.js';

/** The flattened file tree of a saved image, through the project's own loader. */
export async function imageTree(tarPath: string): Promise<TreeEntry[]> {
  const image = await loadImageArchive(tarPath);
  return [...treeEntries(image.tree)];
}

function sameEntry(a: TreeEntry, b: TreeEntry): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.size === b.size &&
    a.sha256 === b.sha256 &&
    a.linkTarget === b.linkTarget
  );
}

function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/**
 * The final tree relative to a base image's tree: entries added or changed (type, mode, uid, gid,
 * size, sha256, link target), and the base paths that are gone — only the topmost of them (a
 * removed directory's children are not listed again; a base path whose parent is still there but
 * changed type is listed).
 */
export function diffAgainstBase(final: readonly TreeEntry[], base: readonly TreeEntry[]): { tree: TreeEntry[]; removed: string[] } {
  const baseByPath = new Map(base.map((e) => [e.path, e]));
  const finalPaths = new Set(final.map((e) => e.path));
  const tree = final.filter((e) => {
    const b = baseByPath.get(e.path);
    return b === undefined || !sameEntry(e, b);
  });
  const removed = base
    .filter((e) => !finalPaths.has(e.path))
    .filter((e) => {
      const parent = parentPath(e.path);
      return parent === '/' || finalPaths.has(parent);
    })
    .map((e) => e.path);
  return { tree, removed };
}

export function treeLines(entries: readonly TreeEntry[]): string[] {
  return entries.map((e) => formatTreeLine(e, { hash: true }));
}
