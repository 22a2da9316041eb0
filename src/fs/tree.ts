import { DockerfileError } from '../model/errors.js';
import type { Content } from './content.js';
import { cleanAbsolute, components, joinPath } from './paths.js';

/** Where an entry came from, for "why is this file here" answers. */
export interface Origin {
  readonly stage: string;
  readonly line: number;
  readonly instruction: string;
  /** The context path (`context:app/a.js`), stage path (`stage build:/out/a`) or image path it was copied from. */
  readonly source?: string;
}

interface NodeBase {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly origin?: Origin | undefined;
}

export interface FileNode extends NodeBase {
  readonly type: 'file';
  readonly content: Content;
  /** Shared by every path that is a hard link to the same file. */
  readonly linkGroup?: object | undefined;
  /** True when the file's bytes are not known (a step the emulator could not run produced it). */
  readonly unknown?: boolean | undefined;
}

export interface SymlinkNode extends NodeBase {
  readonly type: 'symlink';
  readonly target: string;
}

export interface DirNode extends NodeBase {
  readonly type: 'dir';
  readonly children: Map<string, Node>;
  /** The tree allowed to change `children` in place; any other tree copies the directory first. */
  owner: object | undefined;
}

export type Node = FileNode | SymlinkNode | DirNode;

export type Meta = Pick<NodeBase, 'mode' | 'uid' | 'gid'>;

const MAX_LINK_HOPS = 255;

/** A DockerfileError, so that a symlink loop fails the build instead of escaping emulate(). */
export class TooManyLinksError extends DockerfileError {
  constructor(path: string) {
    super('file-conflict', `too many levels of symbolic links: ${path}`);
  }
}

/**
 * A stage's filesystem: a tree of nodes shared copy-on-write with the trees it was forked from,
 * so that a stage built FROM another, or a COPY --from, costs no copy of the files.
 */
export class FsTree {
  private token: object = {};
  private root: DirNode;

  private constructor(root: DirNode) {
    this.root = root;
  }

  static empty(): FsTree {
    return new FsTree({ type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined });
  }

  /** A new tree with the same contents; later changes to either do not show in the other. */
  fork(): FsTree {
    this.token = {};
    return new FsTree(this.root);
  }

  rootNode(): DirNode {
    return this.root;
  }

  /** The node at a real path (no symlink is followed). */
  get(path: string): Node | undefined {
    let node: Node = this.root;
    for (const name of components(cleanAbsolute(path))) {
      if (node.type !== 'dir') return undefined;
      const child: Node | undefined = node.children.get(name);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  /**
   * Resolves a path inside this tree as the kernel would under chroot: symlinks in parent
   * components are followed (absolute targets from this root, `..` never above it), the last
   * component only when `followLast`. Returns the real path, whether or not it exists.
   */
  resolve(path: string, followLast: boolean): string {
    // Linear in the path: `pending` is a stack (last element next) and `nodes[i]` is the node at
    // the first i names of `done`, so no step walks from the root again.
    const pending = components(cleanAbsolute(path)).reverse();
    const done: string[] = [];
    const nodes: (Node | undefined)[] = [this.root];
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (name === '.' || name === '') continue;
      if (name === '..') {
        if (done.length > 0) {
          done.pop();
          nodes.pop();
        }
        continue;
      }
      const parent = nodes[nodes.length - 1];
      const node = parent?.type === 'dir' ? parent.children.get(name) : undefined;
      if (node?.type === 'symlink' && (pending.length > 0 || followLast)) {
        if (++hops > MAX_LINK_HOPS) throw new TooManyLinksError(path);
        const target = node.target.split('/').filter((c) => c !== '');
        if (node.target.startsWith('/')) {
          done.length = 0;
          nodes.length = 1;
        }
        for (let i = target.length - 1; i >= 0; i--) pending.push(target[i]!);
        continue;
      }
      done.push(name);
      nodes.push(node);
    }
    return '/' + done.join('/');
  }

  /** The node a path leads to, following symlinks (the last one too unless told otherwise). */
  lookup(path: string, followLast = true): { path: string; node: Node | undefined } {
    const real = this.resolve(path, followLast);
    return { path: real, node: this.get(real) };
  }

  /**
   * Sets the node at a real path whose parent directory exists; returns false when it does not.
   * A directory node may now be reachable from two places (`set(b, get(a))`, or a node taken from
   * another tree), so no tree may change it in place any more.
   */
  set(path: string, node: Node): boolean {
    if (node.type === 'dir') disown(node);
    return this.place(path, node);
  }

  private place(path: string, node: Node): boolean {
    const names = components(cleanAbsolute(path));
    const last = names.pop();
    if (last === undefined) {
      if (node.type !== 'dir') return false;
      this.root = { ...node, children: new Map(node.children), owner: this.token };
      return true;
    }
    const dir = this.writableDir(names);
    if (!dir) return false;
    dir.children.set(last, node);
    return true;
  }

  /** Removes the entry at a real path (and everything below it). */
  delete(path: string): boolean {
    const names = components(cleanAbsolute(path));
    const last = names.pop();
    if (last === undefined) return false;
    const dir = this.writableDir(names);
    return dir ? dir.children.delete(last) : false;
  }

  /** Replaces a directory's own metadata, keeping its children. */
  setDirMeta(path: string, meta: Meta, origin?: Origin): boolean {
    const node = this.get(path);
    if (node?.type !== 'dir') return false;
    // The new node takes over the old one's children map; it stays ours when the old one was.
    const owner = node.owner === this.token ? this.token : undefined;
    const { mode, uid, gid } = meta; // not `...meta`: a whole node passed as Meta must not bring its children
    return this.place(path, { ...node, mode, uid, gid, origin: origin ?? node.origin, owner });
  }

  /** Every entry below the root in lexical path order, as tar and `find | sort` list them. */
  *walk(from = '/'): Generator<[string, Node]> {
    const start = this.get(from);
    if (start?.type !== 'dir') return;
    yield* walkDir(from === '/' ? '/' : cleanAbsolute(from), start);
  }

  private writableDir(names: readonly string[]): DirNode | undefined {
    let dir = this.ownRoot();
    for (const name of names) {
      const child = dir.children.get(name);
      if (child?.type !== 'dir') return undefined;
      const own = child.owner === this.token ? child : { ...child, children: new Map(child.children), owner: this.token };
      if (own !== child) dir.children.set(name, own);
      dir = own;
    }
    return dir;
  }

  private ownRoot(): DirNode {
    if (this.root.owner !== this.token) {
      this.root = { ...this.root, children: new Map(this.root.children), owner: this.token };
    }
    return this.root;
  }
}

/**
 * Makes a shared directory copy-on-write for every tree. A tree owns only directories on paths it
 * copied from its root down, so an unowned directory has no owned descendants.
 */
function disown(dir: DirNode): void {
  if (dir.owner === undefined) return;
  dir.owner = undefined;
  for (const child of dir.children.values()) if (child.type === 'dir') disown(child);
}

/**
 * Depth-first in name order, with an explicit stack: nested `yield*` would pass every entry up
 * through one generator per directory level, which dominates a walk of a large tree.
 */
function* walkDir(path: string, dir: DirNode): Generator<[string, Node]> {
  const stack = [{ path, dir, names: [...dir.children.keys()].sort(compareNames), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.names.length) {
      stack.pop();
      continue;
    }
    const name = top.names[top.next++]!;
    const child = top.dir.children.get(name)!;
    const childPath = joinPath(top.path, name);
    yield [childPath, child];
    if (child.type === 'dir') stack.push({ path: childPath, dir: child, names: [...child.children.keys()].sort(compareNames), next: 0 });
  }
}

/**
 * Code-point order, which is the UTF-8 byte order Go's walkers sort by. UTF-16 code units agree
 * except that surrogates (astral characters) must sort above U+E000..U+FFFF, not below.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}
