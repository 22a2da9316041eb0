import { contentFromBuffer } from '../fs/content.js';
import { parentOf } from '../fs/paths.js';
import { type DirNode, type FileNode, type FsTree, type Meta, type Node, type Origin } from '../fs/tree.js';
import { Unsupported, FsError, type ErrnoCode } from './errors.js';

/** What the runtime mounts over the image during RUN: never part of the image, contents unknown here. */
const RUNTIME_MOUNT = /^\/(proc|sys|dev)\/|^\/etc\/(hosts|hostname|resolv\.conf)$/;

/** Linux's MAXSYMLINKS: symlinks one path walk follows before ELOOP. */
const MAX_LINKS = 40;

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
export const R = 4;
export const W = 2;
export const X = 1;

/** The process state the kernel applies to what it creates and checks access with. */
export interface Creator {
  readonly tree: FsTree;
  readonly uid: number;
  readonly gid: number;
  /** The primary group and the supplementary ones. */
  readonly groups: readonly number[];
  readonly origin: Origin | undefined;
  umask: number;
  cwd: string;
}

/** Where a path leads: its real path, the node there, and why its parent cannot hold it, if it cannot. */
export interface Located {
  readonly real: string;
  readonly node: Node | undefined;
  readonly parentError?: ErrnoCode | undefined;
  /** A missing name that must be a directory (a followed link's target ended in `/`). */
  readonly mustBeDir?: boolean;
}

/**
 * The system calls the commands need, on the stage's tree: path resolution relative to the
 * working directory, errno-style failures, and the kernel's rules for new entries (umask, owner,
 * a setgid parent's group) and for hard links (one inode behind several paths).
 */
export class Vfs {
  constructor(private readonly proc: Creator) {}

  get tree(): FsTree {
    return this.proc.tree;
  }

  abs(path: string): string {
    return path.startsWith('/') ? path : `${this.proc.cwd}/${path}`;
  }

  /**
   * Resolves a path as the kernel's path walk does: symlinks in every component but the last
   * followed (the last too when `followLast`, or when a slash follows it), `..` taken physically,
   * at most 40 links. A trailing slash, written or at the end of a followed link's target, names
   * a directory (ENOTDIR when what is there is not one). A missing or non-directory parent is
   * reported as `parentError`.
   */
  locate(path: string, followLast: boolean): Located {
    const pending = this.abs(path).split('/').filter((c) => c !== '');
    let mustBeDir = /[^/]\/+\.?$/.test(path) || /(^|\/)\.\.?$/.test(path);
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      const last = pending.length === 0;
      const here = '/' + [...done, name].join('/');
      const parent = this.tree.get('/' + done.join('/'));
      if (parent?.type !== 'dir') {
        guardRuntimeMount(here + '/' + pending.join('/'));
        return { real: here, node: undefined, parentError: parent ? 'ENOTDIR' : 'ENOENT' };
      }
      if (!this.may(parent, X)) throw new FsError('EACCES', path);
      if (name === '.') continue;
      if (name === '..') {
        done.pop();
        continue;
      }
      const node = parent.children.get(name);
      if (node?.type === 'symlink' && (!last || followLast || mustBeDir)) {
        if (++hops > MAX_LINKS) throw new FsError('ELOOP', path);
        if (node.target.startsWith('/')) done.length = 0;
        const target = node.target.split('/').filter((c) => c !== '');
        if (last && /\/\.?$/.test(node.target)) mustBeDir = true;
        pending.unshift(...target);
        continue;
      }
      done.push(name);
    }
    const real = '/' + done.join('/');
    guardRuntimeMount(real);
    const node = this.tree.get(real);
    if (node === undefined) {
      const parent = this.tree.get(parentOf(real));
      return { real, node, parentError: parent?.type === 'dir' ? undefined : parent ? 'ENOTDIR' : 'ENOENT', mustBeDir };
    }
    if (mustBeDir && node.type !== 'dir') throw new FsError('ENOTDIR', path);
    return { real, node };
  }

  /** stat(2)/lstat(2): the node, or an FsError (ENOENT for a missing entry). */
  stat(path: string, followLast = true): Located & { node: Node } {
    const found = this.locate(path, followLast);
    if (found.node === undefined) throw new FsError(found.parentError ?? 'ENOENT', path);
    return found as Located & { node: Node };
  }

  /**
   * Where a new entry named by `path` goes, or the FsError that creating it gives. A trailing
   * slash fails with `slashError`: open(O_CREAT) says EISDIR whatever is there, rename(2) of a
   * file ENOTDIR for a missing name.
   */
  creatable(path: string, followLast: boolean, slashError: ErrnoCode | undefined = 'EISDIR'): Located {
    const bare = path.replace(/([^/])\/+$/, '$1');
    if (bare !== path && slashError === 'EISDIR') {
      // open(O_CREAT) of `name/` fails before it looks at the name itself.
      const parent = this.locate(bare, false);
      throw new FsError(parent.node === undefined && parent.parentError ? parent.parentError : 'EISDIR', path);
    }
    const found = this.locate(path, followLast);
    if (found.node === undefined && found.parentError) throw new FsError(found.parentError, path);
    if (found.node === undefined && (bare !== path || found.mustBeDir) && slashError) throw new FsError(slashError, path);
    return found;
  }

  /**
   * Owner and mode bits the kernel gives a new entry: a setgid directory passes on its group
   * (and, to directories, the bit); a file's own setgid bit goes when its group is not the
   * creator's.
   */
  private newMeta(real: string, mode: number, isDir: boolean, umask = this.proc.umask): Meta {
    const parent = this.tree.get(parentOf(real));
    const setgid = parent?.type === 'dir' && (parent.mode & S_ISGID) !== 0;
    const gid = setgid ? parent.gid : this.proc.gid;
    // mkdir(2) ignores the set-id bits it is given; the parent's setgid passes on instead.
    let bits = mode & ~umask & (isDir ? 0o1777 : 0o7777);
    if (isDir && setgid) bits |= S_ISGID;
    if (!isDir && this.proc.uid !== 0 && (bits & 0o2010) === 0o2010 && !this.proc.groups.includes(gid)) bits &= ~S_ISGID;
    return { mode: bits, uid: this.proc.uid, gid };
  }

  get umask(): number {
    return this.proc.umask;
  }

  // --- access checks (root passes all but exec of a file without any x bit) ------------------

  /** access(2) for the caller. */
  may(node: Node, want: number): boolean {
    const { uid, groups } = this.proc;
    if (uid === 0) return want !== X || node.type === 'dir' || (node.mode & 0o111) !== 0;
    const shift = uid === node.uid ? 6 : groups.includes(node.gid) ? 3 : 0;
    return ((node.mode >> shift) & want) === want;
  }

  /** Creating an entry needs write permission on its directory. */
  mayCreate(real: string): void {
    const parent = this.tree.get(parentOf(real));
    if (parent && !this.may(parent, W)) throw new FsError('EACCES', real);
  }

  /** Removing one too, and in a sticky directory owning the entry or the directory (EPERM otherwise). */
  mayDelete(real: string): void {
    const parent = this.tree.get(parentOf(real));
    const node = this.tree.get(real);
    if (!parent || !node) return;
    if (!this.may(parent, W)) throw new FsError('EACCES', real);
    const { uid } = this.proc;
    if (uid !== 0 && parent.mode & S_ISVTX && uid !== node.uid && uid !== parent.uid) throw new FsError('EPERM', real);
  }

  /** open(2) of an existing file for writing. */
  openWrite(real: string, path: string): void {
    const node = this.tree.get(real);
    if (node && !this.may(node, W)) throw new FsError('EACCES', path);
  }

  /** A file's bytes, read as the caller (EACCES without read permission). */
  readFile(node: FileNode, path: string): Buffer {
    if (!this.may(node, R)) throw new FsError('EACCES', path);
    return readBytes(node);
  }

  /** chmod(2): the owner's (or root's); setgid is dropped by one outside the file's group. */
  chmod(real: string, mode: number, path: string): void {
    const node = this.tree.get(real);
    if (!node) return;
    const { uid, groups } = this.proc;
    if (uid !== 0 && uid !== node.uid) throw new FsError('EPERM', path);
    this.setMeta(real, { mode: uid !== 0 && !groups.includes(node.gid) ? mode & ~S_ISGID : mode });
  }

  /**
   * chown(2)/lchown(2) of the entry at `real`: only root gives a file away; an owner may change
   * the group to one of its own. Setuid, and setgid with group-exec, are dropped from
   * non-directories, even by root.
   */
  chown(real: string, uid: number | undefined, gid: number | undefined, path: string): void {
    const node = this.tree.get(real);
    if (!node) return;
    const caller = this.proc.uid;
    if (caller !== 0) {
      const givesAway = uid !== undefined && uid !== node.uid;
      const foreignGroup = gid !== undefined && gid !== node.gid && !this.proc.groups.includes(gid);
      if (caller !== node.uid || givesAway || foreignGroup) throw new FsError('EPERM', path);
    }
    let mode = node.mode;
    if (node.type !== 'dir') mode &= ~(S_ISUID | (mode & 0o010 ? S_ISGID : 0));
    this.setMeta(real, { uid: uid ?? node.uid, gid: gid ?? node.gid, mode });
  }

  /** utimes(2) to now: the owner, or anyone who may write the file. The times are not modelled, the change is. */
  touch(real: string, path: string): void {
    const node = this.tree.get(real);
    if (!node) return;
    if (this.proc.uid !== 0 && this.proc.uid !== node.uid && !this.may(node, W)) throw new FsError('EACCES', path);
    this.setMeta(real, {});
  }

  // --- changes ---------------------------------------------------------------------------

  mkdir(real: string, mode: number, umask?: number): DirNode {
    this.mayCreate(real);
    const node: DirNode = { type: 'dir', ...this.newMeta(real, mode, true, umask), children: new Map(), owner: undefined, origin: this.proc.origin };
    this.tree.set(real, node);
    return node;
  }

  createFile(real: string, mode: number, data: Buffer, umask?: number): FileNode {
    this.mayCreate(real);
    const node: FileNode = { type: 'file', ...this.newMeta(real, mode, false, umask), content: contentFromBuffer(data), origin: this.proc.origin };
    this.tree.set(real, node);
    return node;
  }

  symlink(real: string, target: string): void {
    this.mayCreate(real);
    const meta = this.newMeta(real, 0o777, false);
    this.tree.set(real, { type: 'symlink', mode: 0o777, uid: meta.uid, gid: meta.gid, target, origin: this.proc.origin });
  }

  /** Makes `real` another name of the file at `source` (which must be a regular file or symlink). */
  link(sourceReal: string, real: string): void {
    const node = this.tree.get(sourceReal);
    if (node === undefined || node.type === 'dir') throw new FsError(node ? 'EISDIR' : 'ENOENT', sourceReal);
    // protected_hardlinks: another user's file only when it is a plain file one may read and write.
    const { uid } = this.proc;
    const safe = node.type === 'file' && !(node.mode & S_ISUID) && (node.mode & 0o2010) !== 0o2010 && this.may(node, R | W);
    if (uid !== 0 && uid !== node.uid && !safe) throw new FsError('EPERM', real);
    this.mayCreate(real);
    if (node.type === 'symlink') {
      // A hard link to a symlink is a second symlink inode-wise; the tree has no link groups for those.
      this.tree.set(real, { ...node, origin: this.proc.origin });
      return;
    }
    const group = node.linkGroup ?? {};
    if (!node.linkGroup) this.tree.set(sourceReal, { ...node, linkGroup: group });
    this.tree.set(real, { ...node, linkGroup: group, origin: this.proc.origin });
  }

  /** Every path that names the same inode as the file node at `real`. */
  private inodePaths(real: string, node: FileNode): string[] {
    if (!node.linkGroup) return [real];
    const paths: string[] = [];
    for (const [path, other] of this.tree.walk()) if (other.type === 'file' && other.linkGroup === node.linkGroup) paths.push(path);
    return paths;
  }

  /** Changes the inode at `real` (through all its hard links). */
  private updateFile(real: string, node: FileNode, change: Partial<FileNode>): void {
    for (const path of this.inodePaths(real, node)) {
      const current = this.tree.get(path) as FileNode;
      this.tree.set(path, { ...current, ...change, origin: this.proc.origin });
    }
  }

  /** A write or truncation; one by a non-root process drops setuid, and setgid with group-exec. */
  writeContent(real: string, data: Buffer, append: boolean): void {
    const node = this.tree.get(real);
    if (node?.type !== 'file') return; // unlinked while open: the bytes go nowhere the image keeps
    const bytes = append ? Buffer.concat([readBytes(node), data]) : data;
    const mode = this.proc.uid === 0 ? node.mode : node.mode & ~(S_ISUID | (node.mode & 0o010 ? S_ISGID : 0));
    this.updateFile(real, node, { content: contentFromBuffer(bytes), unknown: undefined, mode });
  }

  setMeta(real: string, meta: Partial<Meta>): void {
    const node = this.tree.get(real);
    if (node === undefined) return;
    const full: Meta = { mode: meta.mode ?? node.mode, uid: meta.uid ?? node.uid, gid: meta.gid ?? node.gid };
    if (node.type === 'dir') this.tree.setDirMeta(real, full, this.proc.origin);
    else if (node.type === 'file') this.updateFile(real, node, full);
    else this.tree.set(real, { ...node, uid: full.uid, gid: full.gid, origin: this.proc.origin });
  }

  remove(real: string): void {
    this.mayDelete(real);
    this.tree.delete(real);
  }
}

function guardRuntimeMount(real: string): void {
  if (RUNTIME_MOUNT.test(real)) throw new Unsupported('', `uses ${real}, which a RUN step gets from the container runtime, not the image`);
}

/** A file's bytes; a file whose bytes the emulator does not know stops the run. */
export function readBytes(node: FileNode): Buffer {
  if (node.unknown) throw new Unsupported('', 'reads a file whose content is not known');
  try {
    return node.content.bytes();
  } catch {
    throw new Unsupported('', 'reads a file whose content is not known');
  }
}
