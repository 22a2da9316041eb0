import { FsError, Unsupported } from '../errors.js';
import { getopt } from '../options.js';
import { usage } from './files.js';
import { concatPath, lastComponent } from './fileutils.js';
import { complain, type CommandImpl } from './types.js';

/**
 * ln [-s] [-f] [-n] [-T] TARGET... [LINK]: a directory last operand (followed unless -n/-T) gets
 * the links inside it; `ln X` links into the working directory; -f unlinks what is in the way.
 */
export const ln: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'sfnbS:vT', { symbolic: 's', force: 'f', 'no-dereference': 'n', 'no-target-directory': 'T' });
  if (flags.has('b') || flags.has('S') || flags.has('v')) throw new Unsupported('', 'ln -b/-S/-v');
  if (operands.length === 0) return usage(inv);
  if (flags.has('T') && operands.length > 2) {
    complain(inv, '-T accepts 2 args max');
    return 1;
  }
  const fs = inv.shell.fs;
  const targets = operands.length === 1 ? operands : operands.slice(0, -1);
  const last = operands.length === 1 ? lastComponent(operands[0]!) : operands[operands.length - 1]!;
  let status = 0;
  for (const target of targets) {
    let link = last;
    const followLast = !flags.has('n') && !flags.has('T');
    if (isDirectory(inv, last, followLast)) {
      if (flags.has('T')) {
        complain(inv, `'${last}' is a directory`);
        return 1;
      }
      link = concatPath(last, lastComponent(target));
    }
    try {
      let sourceReal: string | undefined;
      if (!flags.has('s')) {
        // A hard link needs a target that exists (or is a dangling symlink); link(2) itself does
        // not follow a symlink, so the link is to the symlink.
        try {
          fs.stat(target);
        } catch {
          fs.stat(target, false);
        }
        sourceReal = fs.locate(target, false).real;
      }
      // symlink(2)/link(2) look at the name itself, trailing slash or not; unlink(2) of `name/` does nothing.
      const bare = link.replace(/(.)\/+$/, '$1');
      const existing = fs.locate(bare, false);
      if (flags.has('f') && bare === link && existing.node && existing.node.type !== 'dir') {
        // busybox ignores unlink()'s failure; the link then meets what is still there.
        try {
          fs.remove(existing.real);
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
        }
      }
      if (fs.locate(bare, false).node !== undefined) throw new FsError('EEXIST', link);
      const where = fs.creatable(bare, false);
      if (bare !== link) throw new FsError('ENOENT', link);
      if (sourceReal === undefined) fs.symlink(where.real, target);
      else {
        if (fs.tree.get(sourceReal)?.type === 'dir') throw new FsError('EPERM', link);
        fs.link(sourceReal, where.real);
      }
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `${error.path === target ? target : link}: ${error.message}`);
      status = 1;
    }
  }
  return status;
};

function isDirectory(inv: Parameters<CommandImpl>[0], path: string, follow: boolean): boolean {
  try {
    return inv.shell.fs.stat(path, follow).node.type === 'dir';
  } catch {
    return false;
  }
}
