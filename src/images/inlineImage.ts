import { contentFromBuffer } from '../fs/content.js';
import { cleanAbsolute, components, joinPath, parentOf } from '../fs/paths.js';
import { FsTree, type Node } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { ImageConfig } from '../model/image.js';
import type { LoadedImage } from './image.js';

/** One path of an inline image: a file's content, or its full description. */
export type InlineEntry =
  | string
  | Buffer
  | {
      readonly type?: 'file' | 'dir' | 'symlink';
      readonly content?: string | Buffer;
      /** Symlink target. */
      readonly target?: string;
      /** Permission bits with setuid/setgid/sticky; default 0644 for files, 0755 for dirs, 0777 for symlinks. */
      readonly mode?: number;
      readonly uid?: number;
      readonly gid?: number;
    };

export interface InlineImageSpec {
  /** Absolute or root-relative paths; parents are implied (0755 0:0). */
  readonly files: Readonly<Record<string, InlineEntry>>;
  readonly config?: ImageConfig;
  /** What `LoadedImage.ref` reports; default `inline`. */
  readonly ref?: string;
}

/** A base image described in code instead of loaded from an archive: one layer, no history. */
export function inlineImage(spec: InlineImageSpec): LoadedImage {
  const tree = FsTree.empty();
  const paths = Object.keys(spec.files);
  for (const path of paths) {
    const real = cleanAbsolute(path);
    const node = nodeOf(path, spec.files[path]!);
    if (real === '/') {
      if (node.type !== 'dir') invalid(path, 'the root can only be a directory');
      tree.setDirMeta('/', node);
      continue;
    }
    ensureParents(tree, real, path);
    const existing = tree.get(real);
    if (existing?.type === 'dir' && node.type === 'dir') tree.setDirMeta(real, node);
    else if (existing?.type === 'dir' && existing.children.size > 0) invalid(path, 'it has entries below it, so it must be a directory');
    else tree.set(real, node);
  }
  return {
    ref: spec.ref ?? 'inline',
    config: structuredClone(spec.config ?? {}),
    tree,
    history: [],
    layerCount: paths.length > 0 ? 1 : 0,
    standIn: true,
  };
}

function invalid(path: string, why: string): never {
  throw new DockerfileError('invalid-argument', `inline image entry ${JSON.stringify(path)}: ${why}`);
}

function nodeOf(path: string, entry: InlineEntry): Node {
  if (typeof entry === 'string' || Buffer.isBuffer(entry)) {
    return { type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(entry) };
  }
  const type = entry.type ?? (entry.target !== undefined ? 'symlink' : 'file');
  const owner = { uid: entry.uid ?? 0, gid: entry.gid ?? 0 };
  if ((entry.mode ?? 0) & ~0o7777) invalid(path, `mode ${entry.mode!.toString(8)} has more than permission bits`);
  switch (type) {
    case 'dir':
      return { type, mode: entry.mode ?? 0o755, ...owner, children: new Map(), owner: undefined };
    case 'symlink':
      if (!entry.target) invalid(path, 'a symlink needs a target');
      return { type, mode: entry.mode ?? 0o777, ...owner, target: entry.target };
    case 'file':
      return { type, mode: entry.mode ?? 0o644, ...owner, content: contentFromBuffer(entry.content ?? '') };
  }
}

/** Makes the missing parents of a path 0755 0:0; fails when one is not a directory. */
function ensureParents(tree: FsTree, real: string, path: string): void {
  let dir = '/';
  for (const name of components(parentOf(real))) {
    dir = joinPath(dir, name);
    const node = tree.get(dir);
    if (!node) tree.set(dir, { type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined });
    else if (node.type !== 'dir') invalid(path, `its parent ${dir} is not a directory`);
  }
}
