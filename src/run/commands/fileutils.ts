import { baseName } from '../../fs/paths.js';
import type { Node } from '../../fs/tree.js';
import { FsError, type ErrnoCode } from '../errors.js';
import { R, type Vfs } from '../vfs.js';

/** Reports one failure the way bb_perror_msg does: `message: strerror`. */
export type Report = (message: string) => void;

const errnoText = (error: unknown): string => {
  if (error instanceof FsError) return error.message;
  throw error;
};

/** mkdir(2): fails with EEXIST for any existing entry (a dangling symlink too). */
function mkdirAt(fs: Vfs, path: string, mode: number, umask?: number): void {
  const found = fs.locate(path.replace(/(.)\/+$/, '$1'), false);
  if (found.node !== undefined) throw new FsError('EEXIST', path);
  if (found.parentError) throw new FsError(found.parentError, path);
  fs.mkdir(found.real, mode, umask);
}

/**
 * busybox's bb_make_directory(): with `parents`, each missing component is made (intermediate
 * ones with u+wx forced through the umask) and existing directories are fine; `mode`, when
 * given, is set on the last one if it was created. Returns false after reporting a failure.
 */
export function makeDirectory(fs: Vfs, path: string, mode: number | undefined, parents: boolean, report: Report): boolean {
  if (path === '/' || path === '.') return true;
  const cuts: number[] = [];
  if (parents) {
    // Each parent is made as the text up to and including its slashes (`d/` of `d/f`).
    const re = /\/+(?=[^/])/g;
    for (let m = re.exec(path); m; m = re.exec(path)) cuts.push(m.index + m[0].length);
  }
  const steps = [...cuts.map((end) => ({ part: path.slice(0, end), last: false })), { part: path, last: true }];
  for (const { part, last } of steps) {
    try {
      mkdirAt(fs, part, 0o777, last ? fs.umask : fs.umask & ~0o300);
    } catch (error) {
      const code = error instanceof FsError ? error.code : undefined;
      let failure: unknown = error;
      if ((code === 'EEXIST' || code === 'EISDIR') && parents) {
        // It exists: fine if stat(2) finds a directory; a failing stat's errno is the one reported.
        try {
          if (fs.stat(part).node.type === 'dir') failure = undefined;
        } catch (statError) {
          failure = statError;
        }
      }
      if (failure !== undefined) {
        report(`can't create directory '${part}': ${errnoText(failure)}`);
        return false;
      }
      if (last) return true;
      continue;
    }
    if (last && mode !== undefined) fs.chmod(fs.locate(part, true).real, mode, part);
  }
  return true;
}

export interface CopyFlags {
  readonly recursive: boolean;
  /** Follow symlinks met anywhere (cp -L; cp without -R/-P/-d). */
  readonly deref: boolean;
  /** Follow a symlink named on the command line only (cp -H). */
  readonly derefTop: boolean;
  /** -p / -a: mode, owner (and times) kept. */
  readonly preserve: boolean;
  readonly force: boolean;
  readonly noClobber: boolean;
  /** The umask new entries are made with (adduser copies /etc/skel with 0). */
  readonly umask: number;
}

/**
 * busybox's copy_file(): regular files are written into an existing destination in place (its
 * inode, mode and owner kept) or created with the source mode less the umask; directories are
 * made, filled, then given the source mode less the umask; symlinks are copied as links unless
 * dereferenced; without -L, files linked together inside the copy stay linked. Returns false
 * after reporting a failure.
 */
/**
 * What one cp run remembers across its sources (busybox's inode hash table): the first copy of
 * each source inode, so later ones become hard links to it, and the directories it made, so
 * copying a directory into itself stops one level down.
 */
export interface CopySession {
  readonly copies: Map<object, string>;
  readonly madeDirs: Set<string>;
}

export const newCopySession = (): CopySession => ({ copies: new Map(), madeDirs: new Set() });

export function copyFile(fs: Vfs, source: string, dest: string, flags: CopyFlags, report: Report, session = newCopySession(), top = true): boolean {
  const deref = flags.deref || (top && flags.derefTop);
  let src: Node;
  let srcReal: string;
  try {
    ({ node: src, real: srcReal } = fs.stat(source, deref));
  } catch (error) {
    report(`can't stat '${source}': ${errnoText(error)}`);
    return false;
  }
  let destNode: Node | undefined;
  try {
    const found = fs.locate(dest, false);
    if (found.parentError === 'ENOTDIR') throw new FsError('ENOTDIR', dest);
    destNode = found.node;
  } catch (error) {
    report(`can't stat '${dest}': ${errnoText(error)}`);
    return false;
  }
  if (destNode !== undefined) {
    // Same inode: the same path, or two hard links of one file.
    const sameInode = src.type === 'file' && destNode.type === 'file' && src.linkGroup !== undefined && src.linkGroup === destNode.linkGroup;
    if (fs.locate(dest, false).real === srcReal || sameInode) {
      report(`'${source}' and '${dest}' are the same file`);
      return false;
    }
    if (flags.noClobber) return true;
  }
  if (src.type === 'dir') {
    if (session.madeDirs.has(srcReal)) {
      report(`recursion detected, omitting directory '${source}'`);
      return false;
    }
    return copyDir(fs, source, dest, srcReal, destNode, flags, report, session);
  }
  if (src.type === 'symlink' && !deref) {
    // busybox makes the link only where nothing is (after ask_and_unlink() for what is there).
    if (destNode !== undefined && !askAndUnlink(fs, dest, 'EEXIST', flags, report)) return false;
    try {
      const where = fs.creatable(dest, false);
      fs.symlink(where.real, src.target);
      if (flags.preserve) preserve(fs, where.real, dest, src, report);
    } catch (error) {
      report(`can't create symlink '${dest}' to '${src.target}': ${errnoText(error)}`);
      return false;
    }
    return true;
  }
  if (src.type !== 'file') return false;
  if (!flags.deref) {
    // A file node stands for its inode unless it has hard links, whose group does.
    const inode = src.linkGroup ?? src;
    const first = session.copies.get(inode);
    if (first !== undefined) return linkCopy(fs, first, dest, flags, report);
    session.copies.set(inode, dest);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFile(src, source);
  } catch (error) {
    report(`can't open '${source}': ${errnoText(error)}`);
    return false;
  }
  let real: string;
  try {
    real = openForCopy(fs, dest, src.mode & 0o7777, bytes, flags.umask);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (!askAndUnlink(fs, dest, error.code, flags, report)) return false;
    try {
      real = openForCopy(fs, dest, src.mode & 0o7777, bytes, flags.umask);
    } catch (retry) {
      report(`can't open '${dest}': ${errnoText(retry)}`);
      return false;
    }
  }
  if (flags.preserve) preserve(fs, real, dest, src, report);
  return true;
}

/** open(O_WRONLY|O_CREAT|O_TRUNC) and the write: an existing file is rewritten in place. */
function openForCopy(fs: Vfs, dest: string, mode: number, bytes: Buffer, umask: number): string {
  const where = fs.creatable(dest, true);
  if (where.node?.type === 'dir') throw new FsError('EISDIR', dest);
  if (where.node === undefined) fs.createFile(where.real, mode, bytes, umask);
  else {
    fs.openWrite(where.real, dest);
    fs.writeContent(where.real, bytes, false);
  }
  return where.real;
}

/** A later copy of an inode already copied: a hard link to the first copy (busybox's PRESERVE_HARDLINKS). */
function linkCopy(fs: Vfs, first: string, dest: string, flags: CopyFlags, report: Report): boolean {
  const attempt = (): void => {
    if (fs.locate(dest, false).node !== undefined) throw new FsError('EEXIST', dest);
    fs.link(fs.stat(first, false).real, fs.creatable(dest, false, 'ENOENT').real);
  };
  try {
    attempt();
    return true;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (!askAndUnlink(fs, dest, error.code, flags, report)) return false;
  }
  try {
    attempt();
    return true;
  } catch (error) {
    report(`can't create link '${dest}': ${errnoText(error)}`);
    return false;
  }
}

/**
 * busybox's ask_and_unlink() (POSIX cp, as Debian builds it): without -f the failure that led
 * here (`code`) is reported; with -f the destination is unlinked so the caller can try again.
 */
function askAndUnlink(fs: Vfs, dest: string, code: ErrnoCode, flags: CopyFlags, report: Report): boolean {
  const failed = (text: string): false => {
    report(`can't create '${dest}': ${text}`);
    return false;
  };
  if (!flags.force) return failed(new FsError(code, dest).message);
  try {
    const found = fs.locate(dest, false);
    if (found.node === undefined) throw new FsError(found.parentError ?? 'ENOENT', dest);
    if (found.node.type === 'dir') throw new FsError('EISDIR', dest);
    fs.remove(found.real);
    return true;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    return failed(code === 'ENOENT' && error.code === 'ENOENT' ? 'Path does not exist' : new FsError(code, dest).message);
  }
}

/** After a copy with -p: the source's owner (which only root may give), then its mode, less the set-id bits when the owner could not be kept. */
function preserve(fs: Vfs, real: string, dest: string, src: Node, report: Report): void {
  let mode = src.mode & 0o7777;
  try {
    fs.chown(real, src.uid, src.gid, dest);
  } catch (error) {
    mode &= ~0o6000;
    report(`can't preserve ownership of '${dest}': ${errnoText(error)}`);
  }
  if (src.type === 'symlink') return;
  try {
    fs.chmod(real, mode, dest);
  } catch (error) {
    report(`can't preserve permissions of '${dest}': ${errnoText(error)}`);
  }
}

function copyDir(fs: Vfs, source: string, dest: string, srcReal: string, destNode: Node | undefined, flags: CopyFlags, report: Report, session: CopySession): boolean {
  const src = fs.tree.get(srcReal) as Node & { type: 'dir' };
  if (!flags.recursive) {
    report(`omitting directory '${source}'`);
    return false;
  }
  let real: string;
  const created = destNode === undefined;
  if (destNode !== undefined) {
    const target = fs.locate(dest, true).node;
    if (target?.type !== 'dir') {
      report(`target '${dest}' is not a directory`);
      return false;
    }
    real = fs.locate(dest, true).real;
  } else {
    try {
      const where = fs.creatable(dest, false);
      real = where.real;
      fs.mkdir(real, (flags.preserve ? src.mode : src.mode & ~flags.umask) | 0o700, 0);
    } catch (error) {
      report(`can't create directory '${dest}': ${errnoText(error)}`);
      return false;
    }
  }
  session.madeDirs.add(real);
  // Read after the destination is made: a copy into the source itself meets its own new directory.
  // An unreadable source directory fails silently (busybox's opendir check prints nothing).
  let ok = fs.may(src, R);
  const names = ok ? [...(fs.tree.get(srcReal) as Node & { type: 'dir' }).children.keys()] : [];
  for (const name of names) {
    if (!copyFile(fs, concatPath(source, name), concatPath(dest, name), flags, report, session, false)) ok = false;
  }
  if (created) fs.chmod(real, src.mode & 0o7777 & ~flags.umask, dest);
  if (flags.preserve) preserve(fs, real, dest, src, report);
  return ok;
}


/**
 * busybox's remove_file(): directories only with `recursive` (contents first), a missing entry
 * is an error unless `force`. Returns false after reporting a failure.
 */
export function removeFile(fs: Vfs, path: string, recursive: boolean, force: boolean, report: Report): boolean {
  let found;
  try {
    found = fs.locate(path, false);
  } catch (error) {
    report(`can't stat '${path}': ${errnoText(error)}`);
    return false;
  }
  if (found.node === undefined) {
    if (found.parentError === 'ENOTDIR') {
      report(`can't stat '${path}': Not a directory`);
      return false;
    }
    if (force) return true;
    report(`can't remove '${path}': No such file or directory`);
    return false;
  }
  const node = found.node;
  if (node.type === 'dir') {
    if (!recursive) {
      report(`'${path}' is a directory`);
      return false;
    }
    // An unreadable directory fails silently (busybox's opendir check prints nothing).
    if (!fs.may(node, R)) return false;
    let ok = true;
    for (const name of [...node.children.keys()]) if (!removeFile(fs, concatPath(path, name), true, force, report)) ok = false;
    if (!ok) return false;
  }
  try {
    fs.remove(found.real);
  } catch (error) {
    report(`can't remove '${path}': ${errnoText(error)}`);
    return false;
  }
  return true;
}

/** The last path component with trailing slashes stripped (bb_get_last_path_component_strip). */
export function lastComponent(path: string): string {
  const stripped = path.replace(/(.)\/+$/, '$1');
  return stripped === '/' ? '/' : baseName(stripped);
}

/** `dir/name` as concat_path_file joins them (no doubled slash). */
export function concatPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
