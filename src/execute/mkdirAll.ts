import { components } from '../fs/paths.js';
import type { FsTree, Meta, Origin } from '../fs/tree.js';

/** A path component that exists but is not a directory; callers word the error per builder. */
export class NotADirectoryError extends Error {
  constructor(readonly path: string) {
    super(`mkdir ${path}: not a directory`);
  }
}

/**
 * `mkdir -p` inside the image: existing components (symlinks followed inside the root) are kept
 * as they are, missing ones created with `meta`. Returns the real paths it created.
 */
export function mkdirAll(tree: FsTree, path: string, meta: Meta, origin: Origin | undefined): string[] {
  const created: string[] = [];
  let real = '/';
  for (const name of components(path)) {
    const next = tree.resolve(real === '/' ? `/${name}` : `${real}/${name}`, true);
    const node = tree.get(next);
    if (node === undefined) {
      tree.set(next, { type: 'dir', ...meta, children: new Map(), owner: undefined, origin });
      created.push(next);
    } else if (node.type !== 'dir') {
      throw new NotADirectoryError(next);
    }
    real = next;
  }
  return created;
}
