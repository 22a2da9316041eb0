import { cleanAbsolute, components, joinPath, parentOf } from '../../fs/paths.js';
import { compareNames, type DirNode, type FileNode, type FsTree, type Meta, type Node, type Origin } from '../../fs/tree.js';
import { charge } from '../../limits.js';
import type { BuilderMode } from '../../model/builder.js';
import type { Identity } from '../users.js';
import { cannotCopyToNonDirectory, cannotReplaceDirectory, notADirectory } from './messages.js';

/** Where a COPY/ADD writes: an absolute clean path, and whether it was written as a directory. */
export interface Destination {
  readonly path: string;
  readonly isDir: boolean;
}

export interface PlaceOptions {
  readonly builder: BuilderMode;
  /** `--chown`, resolved. */
  readonly chown: Identity | undefined;
  /**
   * The owner every copied entry gets. BuildKit: the `--chown` owner, else the source's own.
   * Classic: also root for context files, which it chowns (clearing setuid/setgid as chown does).
   */
  readonly owner: Identity | undefined;
  /** BuildKit's octal `--chmod` bits for every copied entry but symlinks. */
  readonly chmod: number | undefined;
  /** Provenance of an entry copied from a source path (or created on the way, without one). */
  origin(source?: string): Origin;
}

const ROOT: Identity = { uid: 0, gid: 0 };
/** The classic builder words a failed mkdir after the step that made it (file or directory copy). */
type ClassicStep = 'file' | 'dir';

/**
 * Writes copied entries into a stage's tree with the builder's placement rules. One instance per
 * top-level source entry: hard links are kept among the files it copies, as each copy action
 * of the builders keeps them.
 */
export class Placer {
  private readonly groups = new Map<object, object>();

  constructor(
    private readonly tree: FsTree,
    private readonly options: PlaceOptions,
  ) {}

  /** A file source: into the destination when it is a directory, else onto it. */
  placeFile(dest: Destination, name: string, node: FileNode, sourcePath?: string): void {
    const { tree, options } = this;
    const created = this.createdMeta();
    if (options.builder === 'buildkit') this.ensureDir(dest.isDir ? dest.path : parentOf(dest.path), created);
    const resolved = tree.resolve(dest.path, true);
    const intoDir = tree.get(resolved)?.type === 'dir' || (options.builder === 'classic' && dest.isDir);
    const target = intoDir ? joinPath(resolved, name) : resolved;
    this.ensureDir(parentOf(target), created, 'file');
    if (options.builder === 'buildkit' && tree.get(target)?.type === 'dir') throw cannotReplaceDirectory(target);
    tree.set(target, this.leaf(node, sourcePath));
  }

  /** A directory source: its contents are merged into the destination, which becomes a directory. */
  placeDir(dest: Destination, node: DirNode, sourcePath: string): void {
    const { tree, options } = this;
    const created = this.createdMeta();
    let target: string;
    if (options.builder === 'buildkit') {
      this.ensureDir(dest.isDir ? dest.path : parentOf(dest.path), created);
      target = tree.resolve(dest.path, true);
      const existing = tree.get(target);
      if (existing && existing.type !== 'dir') throw cannotCopyToNonDirectory(target);
      this.ensureDir(target, created);
    } else {
      // Classic: parents and the directory are made by root; only a new directory is chowned.
      target = tree.resolve(dest.path, true);
      const existed = tree.get(target)?.type === 'dir';
      this.ensureDir(target, { mode: 0o755, ...ROOT }, 'dir');
      if (!existed && options.owner) tree.setDirMeta(target, { mode: 0o755, ...options.owner });
    }
    const top = tree.get(target) as DirNode;
    const children = new Map(top.children);
    this.merge(children, node, sourcePath, target);
    tree.set(target, { ...top, children, owner: undefined });
  }

  /** `mkdir -p` through existing directories (symlinks followed inside the root). */
  ensureDir(path: string, meta: Meta, classicStep?: ClassicStep): void {
    const { tree } = this;
    let real = '/';
    for (const name of components(cleanAbsolute(path))) {
      const here = joinPath(real, name);
      const next = tree.resolve(here, true);
      const node = tree.get(next);
      if (node === undefined) {
        const made = tree.set(next, { type: 'dir', ...meta, children: new Map(), owner: undefined, origin: this.options.origin() });
        if (!made) throw notADirectory(here, this.options.builder === 'classic' ? classicStep : undefined);
      } else if (node.type !== 'dir') {
        throw notADirectory(next, this.options.builder === 'classic' ? classicStep : undefined);
      }
      real = next;
    }
  }

  /** Directories created on the way: 0755, owned by the `--chown` user or root. */
  createdMeta(): Meta {
    return { mode: 0o755, ...(this.options.chown ?? ROOT) };
  }

  private merge(into: Map<string, Node>, source: DirNode, sourcePath: string, targetPath: string): void {
    const buildkit = this.options.builder === 'buildkit';
    for (const name of [...source.children.keys()].sort(compareNames)) {
      const child = source.children.get(name)!;
      const from = joinPath(sourcePath, name);
      const to = joinPath(targetPath, name);
      const existing = into.get(name);
      // Counted here, not per COPY: `COPY --from` of a stage into the next doubles the count per stage.
      charge('files', 1, 'entries COPY and ADD wrote in this build');
      if (child.type === 'dir') {
        // BuildKit refuses to change an entry's type inside a merge; classic's untar replaces it.
        if (buildkit && existing && existing.type !== 'dir') throw cannotCopyToNonDirectory(to);
        const children = existing?.type === 'dir' ? new Map(existing.children) : new Map<string, Node>();
        this.merge(children, child, from, to);
        into.set(name, { type: 'dir', ...this.meta(child), children, owner: undefined, origin: this.options.origin(from) });
      } else {
        if (buildkit && existing?.type === 'dir') throw cannotReplaceDirectory(to);
        into.set(name, this.leaf(child, from));
      }
    }
  }

  private leaf(node: Exclude<Node, DirNode>, sourcePath: string | undefined): Node {
    const origin = this.options.origin(sourcePath);
    if (node.type === 'symlink') return { type: 'symlink', ...this.meta(node), target: node.target, origin };
    return {
      type: 'file',
      ...this.meta(node),
      content: node.content,
      ...(node.linkGroup ? { linkGroup: this.group(node.linkGroup) } : {}),
      ...(node.unknown ? { unknown: true } : {}),
      origin,
    };
  }

  private meta(node: Node): Meta {
    const { owner, chmod, builder } = this.options;
    let mode = node.mode;
    if (chmod !== undefined && node.type !== 'symlink') mode = chmod;
    else if (builder === 'classic' && owner && node.type === 'file') mode = clearedByChown(mode);
    return { mode, uid: owner?.uid ?? node.uid, gid: owner?.gid ?? node.gid };
  }

  /** Copies of files hard-linked in the source are hard-linked to each other, not to the source. */
  private group(source: object): object {
    let group = this.groups.get(source);
    if (!group) this.groups.set(source, (group = {}));
    return group;
  }
}

/** chown(2) on a regular file drops setuid, and setgid when the group may execute. */
function clearedByChown(mode: number): number {
  return mode & ~0o4000 & ~(mode & 0o010 ? 0o2000 : 0);
}
