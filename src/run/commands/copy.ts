import { parentOf } from '../../fs/paths.js';
import type { Node } from '../../fs/tree.js';
import { FsError, Unsupported } from '../errors.js';
import { parseMode } from '../mode.js';
import { getopt } from '../options.js';
import { W } from '../vfs.js';
import { concatPath, copyFile, lastComponent, makeDirectory, newCopySession, type CopyFlags } from './fileutils.js';
import { usage } from './files.js';
import { resolveId } from './owners.js';
import { complain, type CommandImpl, type Invocation } from './types.js';

/**
 * cp_mv_stat2(): what stat(2) (or lstat) says a path is: 0 missing, 1 not a directory, 3 a
 * directory, -1 (after busybox's message) for any other failure.
 */
function kind(inv: Invocation, path: string, follow = true): -1 | 0 | 1 | 3 {
  try {
    return inv.shell.fs.stat(path, follow).node.type === 'dir' ? 3 : 1;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (error.code === 'ENOENT') return 0;
    complain(inv, error.code === 'ENOTDIR' ? `can't stat '${path}': Path has non-directory component` : `can't stat '${path}': ${error.message}`);
    return -1;
  }
}

/** cp [-r|-R] [-a] [-p] [-d|-P] [-L] [-H] [-f] [-n] [-T] [-t DIR] SRC... DEST */
export const cp: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'pdRfilsLHarPvnuTt:', {
    archive: 'a', force: 'f', 'no-clobber': 'n', dereference: 'L', 'no-dereference': 'P', recursive: 'R',
    'no-target-directory': 'T', 'target-directory': 't',
  });
  for (const unmodelled of 'ilsvu') if (flags.has(unmodelled)) throw new Unsupported('', `cp -${unmodelled}`);
  const archive = flags.has('a');
  const recursive = archive || flags.has('R') || flags.has('r');
  const noDeref = archive || flags.has('d') || flags.has('P') || recursive;
  const copyFlags: CopyFlags = {
    recursive,
    deref: flags.has('L') || !noDeref,
    derefTop: flags.has('H'),
    preserve: archive || flags.has('p'),
    force: flags.has('f'),
    noClobber: flags.has('n'),
    umask: inv.shell.proc.umask,
  };
  const session = newCopySession();
  return transfer(inv, operands, flags, (source, dest) => copyFile(inv.shell.fs, source, dest, copyFlags, (m) => complain(inv, m), session), {
    simpleWhen: (s, d) => !((s | d) & 2) || (recursive && (s & 2) !== 0 && d === 0),
    sourceFollow: copyFlags.deref,
    statSource: true,
    statDest: false,
  });
};

/**
 * The operand handling cp and mv share: `X Y` copies onto Y unless Y is a directory (then into
 * it), more sources need a directory target.
 */
function transfer(
  inv: Invocation,
  operands: string[],
  flags: Map<string, string>,
  one: (source: string, dest: string) => boolean,
  rules: { simpleWhen: (s: number, d: number) => boolean; sourceFollow: boolean; statSource: boolean; statDest: boolean },
): number {
  const target = flags.get('t');
  if (target === undefined && operands.length < 2) return usage(inv);
  if (target !== undefined && operands.length < 1) return usage(inv);
  const last = target ?? operands[operands.length - 1]!;
  const sources = target !== undefined ? operands : operands.slice(0, -1);
  if (target === undefined && sources.length === 1) {
    const s = rules.statSource ? kind(inv, sources[0]!, rules.sourceFollow) : 0;
    if (s < 0) return 1;
    const d = kind(inv, last);
    if (d < 0) return 1;
    if (flags.has('T') && !(s & 2) && d & 2) {
      complain(inv, `'${last}' is a directory`);
      return 1;
    }
    if (rules.simpleWhen(s, d) || flags.has('T')) return one(sources[0]!, last) ? 0 : 1;
  }
  let status = 0;
  for (const operand of sources) {
    // bb_get_last_path_component_strip() strips the operand's trailing slashes in place.
    const source = operand.replace(/(.)\/+$/, '$1');
    const dest = concatPath(last, lastComponent(source));
    if ((rules.statDest && kind(inv, dest) < 0) || !one(source, dest)) status = 1;
  }
  return status;
}

/** mv [-f] [-n] [-T] [-t DIR] SRC... DEST: rename(2); a directory moves with its whole subtree. */
export const mv: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'finTt:v', { force: 'f', interactive: 'i', 'no-clobber': 'n', 'no-target-directory': 'T', 'target-directory': 't' });
  if (flags.has('i') || flags.has('v')) throw new Unsupported('', 'mv -i/-v');
  const move = (source: string, dest: string): boolean => {
    if (flags.has('n') && kind(inv, dest) !== 0) return true;
    try {
      rename(inv, source, dest);
      return true;
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `can't rename '${source}': ${error.message}`);
      return false;
    }
  };
  return transfer(inv, operands, flags, move, { simpleWhen: (_s, d) => !(d & 2), sourceFollow: true, statSource: false, statDest: true });
};

/** rename(2): neither end's last component is followed; a directory replaces only an empty one. */
function rename(inv: Invocation, source: string, dest: string): void {
  const fs = inv.shell.fs;
  // rename(2) never follows the source's last component; `name/` only names a directory there.
  const bare = source.replace(/([^/])\/+$/, '$1');
  // Both parents are looked up before either name.
  const source0 = fs.locate(bare, false);
  if (source0.node === undefined && source0.parentError) throw new FsError(source0.parentError, source);
  const dest0 = fs.locate(dest.replace(/([^/])\/+$/, '$1'), false);
  if (dest0.node === undefined && dest0.parentError) throw new FsError(dest0.parentError, dest);
  const from = fs.stat(bare, false);
  if (bare !== source && from.node.type !== 'dir') throw new FsError('ENOTDIR', source);
  const to = fs.creatable(dest, false, from.node.type === 'dir' ? undefined : 'ENOTDIR');
  if (to.real === from.real) return;
  const isDir = from.node.type === 'dir';
  if (isDir && (to.real + '/').startsWith(from.real + '/')) throw new FsError('EINVAL', dest);
  if (from.real === '/' || !fs.tree.get(parentOf(to.real))) throw new FsError('EBUSY', source);
  // The kernel's order: may the old entry go, may the new one be made or replaced (where a
  // directory and a non-directory meet), then the filesystem's own checks.
  fs.mayDelete(from.real);
  const replaced: Node | undefined = to.node;
  if (replaced) {
    fs.mayDelete(to.real);
    if (isDir && replaced.type !== 'dir') throw new FsError('ENOTDIR', dest);
    if (!isDir && replaced.type === 'dir') throw new FsError('EISDIR', dest);
  } else fs.mayCreate(to.real);
  // A directory changing parents has its `..` rewritten: that needs write permission on it.
  if (isDir && parentOf(from.real) !== parentOf(to.real) && !fs.may(from.node, W)) throw new FsError('EACCES', source);
  if (replaced?.type === 'dir' && replaced.children.size > 0) throw new FsError('ENOTEMPTY', dest);
  fs.tree.set(to.real, from.node);
  fs.remove(from.real);
}

/** install [-d] [-D] [-m MODE] [-o USER] [-g GROUP] [-p] [-c] SRC... DEST: copies (dereferencing), then always chmods (0755 by default). */
export const install: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'cvbDdpsg:m:o:t:', { directory: 'd', mode: 'm', owner: 'o', group: 'g', 'target-directory': 't' });
  if (flags.has('v') || flags.has('s')) throw new Unsupported('', 'install -v/-s');
  const fs = inv.shell.fs;
  const mode = flags.has('m') ? parseMode(flags.get('m')!, 0o755, fs.umask) : 0o755;
  if (mode === undefined) throw new Unsupported('', `install -m ${flags.get('m')}`);
  const uid = flags.has('o') ? resolveId(inv, fs.tree, 'passwd', flags.get('o')!) : inv.shell.proc.uid;
  const gid = flags.has('g') ? resolveId(inv, fs.tree, 'group', flags.get('g')!) : inv.shell.proc.gid;
  if (uid === undefined || gid === undefined) return 1;
  const report = (m: string): void => complain(inv, m);
  let last = flags.get('t');
  let isDir = last !== undefined;
  let sources = operands;
  if (last === undefined && !flags.has('d')) {
    last = operands[operands.length - 1];
    sources = operands.slice(0, -1);
    isDir = last !== undefined && kind(inv, last) === 3;
  }
  if (sources.length < 1) return usage(inv);
  let status = 0;
  const copyFlags: CopyFlags = { recursive: false, deref: true, derefTop: true, preserve: flags.has('p'), force: true, noClobber: false, umask: fs.umask };
  for (const source of sources) {
    let dest = source;
    if (flags.has('d')) {
      if (!makeDirectory(fs, source, 0o755, true, report)) {
        status = 1;
        continue;
      }
    } else {
      dest = last!;
      if (flags.has('D')) makeDirectory(fs, flags.has('t') ? dest : parentOfOperand(dest), 0o755, true, () => undefined);
      if (isDir) dest = concatPath(last!, lastComponent(source));
      if (!copyFile(fs, source, dest, copyFlags, report)) {
        status = 1;
        continue;
      }
    }
    try {
      fs.chmod(fs.locate(dest, true).real, mode, dest);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `can't change permissions of ${dest}: ${error.message}`);
      status = 1;
    }
    try {
      if (flags.has('o') || flags.has('g')) fs.chown(fs.locate(dest, false).real, uid, gid, dest);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `can't change ownership of ${dest}: ${error.message}`);
      status = 1;
    }
  }
  return status;
};

/** dirname(3) of an operand, as install -D uses it. */
function parentOfOperand(path: string): string {
  const stripped = path.replace(/(.)\/+$/, '$1');
  const i = stripped.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : stripped.slice(0, i);
}
