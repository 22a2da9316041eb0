import { FsError, Unsupported } from '../errors.js';
import { parseMode } from '../mode.js';
import { getopt } from '../options.js';
import { lastComponent, makeDirectory, removeFile } from './fileutils.js';
import { complain, type CommandImpl } from './types.js';

/** mkdir [-p] [-m MODE]: a symbolic -m is relative to 0777; an existing target is fine with -p and keeps its mode. */
export const mkdir: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'm:pv', { mode: 'm', parents: 'p', verbose: 'v' });
  if (flags.has('v')) return unsupportedVerbose();
  let mode: number | undefined;
  if (flags.has('m')) {
    mode = parseMode(flags.get('m')!, 0o777, inv.shell.proc.umask);
    if (mode === undefined) {
      complain(inv, `invalid mode '${flags.get('m')}'`);
      return 1;
    }
  }
  if (operands.length === 0) return usage(inv);
  let status = 0;
  for (const path of operands) {
    if (!makeDirectory(inv.shell.fs, path, mode, flags.has('p'), (m) => complain(inv, m))) status = 1;
  }
  return status;
};

/** touch [-c] [-a] [-m] [-h] [-d DATE] [-t STAMP] [-r FILE]: creates missing files (0666 less the umask); times are not modelled. */
export const touch: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'chr:d:t:amf', { 'no-create': 'c', 'no-dereference': 'h', reference: 'r', date: 'd' });
  if (operands.length === 0) return usage(inv);
  const fs = inv.shell.fs;
  if (flags.has('r')) {
    try {
      fs.stat(flags.get('r')!);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `can't stat '${flags.get('r')}': ${error.message}`);
      return 1;
    }
  }
  let status = 0;
  for (const path of operands) {
    try {
      const found = fs.locate(path, !flags.has('h'));
      if (found.node !== undefined) {
        // The times change, so the entry is part of the step's layer.
        fs.touch(found.real, path);
        continue;
      }
      if (flags.has('c')) continue;
      fs.createFile(fs.creatable(path, true).real, 0o666, Buffer.alloc(0));
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `${path}: ${error.message}`);
      status = 1;
    }
  }
  return status;
};

/** rm [-f] [-r|-R] [-v]: `.`/`..` refused, a directory only with -r, a missing file an error unless -f. */
export const rm: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'fiRrv', { force: 'f', recursive: 'r' });
  if (flags.has('i') || flags.has('v')) return unsupportedVerbose();
  if (operands.length === 0) return flags.has('f') ? 0 : usage(inv);
  let status = 0;
  for (const operand of operands) {
    // bb_get_last_path_component_strip() strips the operand's trailing slashes in place.
    const path = operand.replace(/(.)\/+$/, '$1');
    const base = lastComponent(path);
    if (base === '.' || base === '..') {
      complain(inv, "can't remove '.' or '..'");
      status = 1;
    } else if (!removeFile(inv.shell.fs, path, flags.has('r') || flags.has('R'), flags.has('f'), (m) => complain(inv, m))) status = 1;
  }
  return status;
};

/** rmdir [-p]: removes empty directories (with -p, then each parent named in the path). */
export const rmdir: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'p', { parents: 'p' });
  if (operands.length === 0) return usage(inv);
  const fs = inv.shell.fs;
  let status = 0;
  for (const operand of operands) {
    let path = operand.replace(/(.)\/+$/, '$1');
    for (;;) {
      try {
        const found = fs.stat(path, false);
        if (found.node.type !== 'dir') throw new FsError('ENOTDIR', path);
        if (found.node.children.size > 0) throw new FsError('ENOTEMPTY', path);
        fs.remove(found.real);
      } catch (error) {
        if (!(error instanceof FsError)) throw error;
        complain(inv, `'${path}': ${error.message}`);
        status = 1;
        break;
      }
      if (!flags.has('p')) break;
      const cut = path.replace(/\/+[^/]*$/, '');
      if (cut === path || cut === '') break;
      path = cut;
    }
  }
  return status;
};

/** busybox shows its usage text and fails; the text itself is not modelled. */
export function usage(inv: Parameters<CommandImpl>[0]): number {
  inv.io.stderr.write(`BusyBox v1.35.0 multi-call binary.\n\nUsage: ${inv.argv[0]}\n`);
  return 1;
}

function unsupportedVerbose(): never {
  throw new Unsupported('', 'the -i/-v options');
}
