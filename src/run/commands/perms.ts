import type { Node } from '../../fs/tree.js';
import { FsError, Unsupported } from '../errors.js';
import { DIR_TYPE_BIT, parseMode } from '../mode.js';
import { R } from '../vfs.js';
import { getopt } from '../options.js';
import { usage } from './files.js';
import { concatPath } from './fileutils.js';
import { parseOwner } from './owners.js';
import { complain, type CommandImpl, type Invocation } from './types.js';

/** What recursive_action() hands its callback: the real path, the node (as stat or lstat saw it) and the depth. */
/** The action on one entry: true, or the errno text of its failure (already reported unless -f). */
type Visit = (real: string, node: Node, depth: number, shown: string) => true | string;

/**
 * busybox's recursive_action(): lstat (stat when following), the action on the entry, and with
 * `recurse` on each child of a directory (before it when `depthFirst`). A directory whose
 * action fails, or that cannot be read, is reported (again) by name and not descended into.
 */
function walk(inv: Invocation, path: string, opts: { recurse: boolean; followTop: boolean; follow: boolean; depthFirst: boolean }, action: Visit, depth = 0): boolean {
  const follow = opts.follow || (depth === 0 && opts.followTop);
  let found;
  try {
    found = inv.shell.fs.stat(path, follow);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    complain(inv, `${path}: ${error.message}`);
    return false;
  }
  const { node, real } = found;
  if (node.type !== 'dir' || !opts.recurse) return action(real, node, depth, path) === true;
  const dirAction = (): boolean => {
    const result = action(real, node, depth, path);
    if (result !== true) complain(inv, `${path}: ${result}`);
    return result === true;
  };
  if (!opts.depthFirst && !dirAction()) return false;
  const current = inv.shell.fs.tree.get(real);
  if (current?.type !== 'dir' || !inv.shell.fs.may(current, R)) {
    complain(inv, `${path}: Permission denied`);
    return false;
  }
  let ok = true;
  for (const name of [...current.children.keys()]) {
    if (!walk(inv, concatPath(path, name), opts, action, depth + 1)) ok = false;
  }
  if (opts.depthFirst && !dirAction()) return false;
  return ok;
}

/** chmod [-R] [-f] MODE FILE...: octal or symbolic; links met while recursing are skipped, a link named on the line is followed. */
const chmodImpl: CommandImpl = (inv) => {
  // A mode like `-x` is not an option: busybox turns it into `ax` before getopt and back after.
  const argv = [...inv.argv];
  const modeIndex = argv.findIndex((arg, i) => i > 0 && (!arg.startsWith('-') || (arg.length > 1 && !/^-[-Rvcf]/.test(arg))));
  const dashMode = modeIndex > 0 && argv[modeIndex]!.startsWith('-') ? argv[modeIndex] : undefined;
  if (dashMode) argv[modeIndex] = 'a' + dashMode.slice(1);
  const { flags, operands } = getopt(argv, 'Rvcf', { recursive: 'R' });
  if (flags.has('v') || flags.has('c')) throw new Unsupported('', 'chmod -v/-c');
  if (operands.length < 2) return usage(inv);
  const spec = dashMode && operands[0] === 'a' + dashMode.slice(1) ? dashMode : operands[0]!;
  const fs = inv.shell.fs;
  let status = 0;
  for (const path of operands.slice(1)) {
    const ok = walk(inv, path, { recurse: flags.has('R'), followTop: false, follow: false, depthFirst: false }, (real, node, depth, shown) => {
      let target = node;
      let targetReal = real;
      if (depth === 0 && node.type === 'symlink') {
        try {
          ({ node: target, real: targetReal } = fs.stat(path));
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
          if (!flags.has('f')) complain(inv, `${path}: ${error.message}`);
          return error.message;
        }
      } else if (node.type === 'symlink') return true;
      const mode = parseMode(spec, target.mode | (target.type === 'dir' ? DIR_TYPE_BIT : 0), fs.umask);
      if (mode === undefined) throw new InvalidMode(spec);
      return attempt(inv, flags.has('f'), shown, () => fs.chmod(targetReal, mode & 0o7777, shown));
    });
    if (!ok) status = 1;
  }
  return status;
};

class InvalidMode extends Error {}

/** Runs one change; a refused one is reported (unless -f) and fails the command, which goes on. */
function attempt(inv: Invocation, quiet: boolean, path: string, change: () => void): true | string {
  try {
    change();
    return true;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (!quiet) complain(inv, `${path}: ${error.message}`);
    return error.message;
  }
}

/** An invalid mode ends chmod at the first file it meets, as bb_error_msg_and_die does. */
export const chmod: CommandImpl = (inv) => {
  try {
    return chmodImpl(inv);
  } catch (error) {
    if (!(error instanceof InvalidMode)) throw error;
    complain(inv, `invalid mode '${error.message}'`);
    return 1;
  }
};

/**
 * chown [-R] [-h] [-H|-L|-P] OWNER FILE...: plain chown follows a symlink; -h, and -R without
 * -H/-L, change the link itself. The kernel drops setuid (and setgid with group-exec) from a
 * file whose owner is set, even by root. (Verified: `chgrp app link` gives the target the
 * link's uid, since busybox keeps the lstat() ids it does not change.)
 */
export const chown: CommandImpl = (inv) => ownership(inv);

/** chgrp GROUP FILE...: chown :GROUP. */
export const chgrp: CommandImpl = (inv) => ownership(inv);

function ownership(inv: Invocation): number {
  const { flags, operands } = getopt(inv.argv, 'RhvcfLHP', { recursive: 'R', 'no-dereference': 'h', dereference: 'L' });
  if (flags.has('v') || flags.has('c')) throw new Unsupported('', `${inv.argv[0]} -v/-c`);
  if (operands.length < 2) return usage(inv);
  const fs = inv.shell.fs;
  const chgrp = inv.argv[0]!.endsWith('chgrp');
  const owner = parseOwner(inv, fs.tree, chgrp ? `:${operands[0]}` : operands[0]!);
  if (!owner) return 1;
  const recurse = flags.has('R');
  const traverseTop = flags.has('H') || flags.has('L');
  const noDeref = flags.has('h') || (recurse && !traverseTop);
  let status = 0;
  for (const path of operands.slice(1)) {
    const ok = walk(inv, path, { recurse, followTop: traverseTop, follow: flags.has('L'), depthFirst: true }, (real, node, _depth, shown) => {
      let targetReal = real;
      if (node.type === 'symlink' && !noDeref) {
        try {
          targetReal = fs.stat(shown).real;
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
          if (!flags.has('f')) complain(inv, `${shown}: ${error.message}`);
          return error.message;
        }
      }
      // The ids left alone come from lstat(): a followed link passes on its own owner.
      return attempt(inv, flags.has('f'), shown, () => fs.chown(targetReal, owner.uid ?? node.uid, owner.gid ?? node.gid, shown));
    });
    if (!ok) status = 1;
  }
  return status;
}
