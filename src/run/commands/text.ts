import { FsError, Unsupported } from '../errors.js';
import { FileSink } from '../io.js';
import { getopt } from '../options.js';
import { R } from '../vfs.js';
import { usage } from './files.js';
import { complain, type CommandImpl, type Invocation } from './types.js';

/** A file's bytes for reading commands, or busybox's perror text. */
export function readInput(inv: Invocation, path: string): Buffer | string {
  if (path === '-' || path === '/dev/stdin') return inv.io.stdin;
  if (path === '/dev/null') return Buffer.alloc(0);
  try {
    const { node } = inv.shell.fs.stat(path);
    if (node.type === 'dir') return inv.shell.fs.may(node, R) ? 'Is a directory' : 'Permission denied';
    if (node.type !== 'file') return 'No such file or directory';
    return inv.shell.fs.readFile(node, path);
  } catch (error) {
    if (error instanceof FsError) return error.message;
    throw error;
  }
}

/** cat [FILE|-]...: standard input when no file is named. */
export const cat: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'u');
  void flags;
  let status = 0;
  const out = inv.io.stdout;
  for (const path of operands.length === 0 ? ['-'] : operands) {
    if (out instanceof FileSink && path !== '-' && sameFile(inv, path, out.real)) {
      // A real cat copies the file into itself until the disk is full (once it holds anything).
      throw new Unsupported('', 'cat reading the file it writes');
    }
    const data = readInput(inv, path);
    if (typeof data === 'string') {
      complain(inv, data === 'Is a directory' ? `read error: ${data}` : `can't open '${path}': ${data}`);
      status = 1;
    } else inv.io.stdout.write(data);
  }
  return status;
};

function sameFile(inv: Invocation, path: string, real: string): boolean {
  try {
    return inv.shell.fs.locate(path, true).real === real;
  } catch {
    return false;
  }
}

/** tee [-a] [-i] FILE...: standard input to standard output and to each file (created 0666 less the umask). */
export const tee: CommandImpl = (inv) => {
  const { flags, operands } = getopt(inv.argv, 'ia', { append: 'a', 'ignore-interrupts': 'i' });
  const fs = inv.shell.fs;
  let status = 0;
  const targets: string[] = [];
  for (const path of operands) {
    if (path === '-') {
      targets.push('-');
      continue;
    }
    try {
      const where = fs.creatable(path, true);
      if (where.node?.type === 'dir') throw new FsError('EISDIR', path);
      if (where.node === undefined) fs.createFile(where.real, 0o666, Buffer.alloc(0));
      else {
        fs.openWrite(where.real, path);
        if (!flags.has('a')) fs.writeContent(where.real, Buffer.alloc(0), false);
      }
      targets.push(where.real);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `${path}: ${error.message}`);
      status = 1;
    }
  }
  inv.io.stdout.write(inv.io.stdin);
  for (const real of targets) {
    if (real === '-') inv.io.stdout.write(inv.io.stdin);
    else fs.writeContent(real, inv.io.stdin, true);
  }
  return status;
};

/** basename NAME [SUFFIX] */
export const basename: CommandImpl = (inv) => {
  const args = inv.argv.slice(1)[0] === '--' ? inv.argv.slice(2) : inv.argv.slice(1);
  if (args.length === 0 || args.length > 2) return usage(inv);
  let name = args[0]!.replace(/\/+$/, '');
  name = name === '' ? (args[0]!.startsWith('/') ? '/' : '') : name.slice(name.lastIndexOf('/') + 1);
  const suffix = args[1];
  if (suffix && name !== suffix && name.endsWith(suffix)) name = name.slice(0, -suffix.length);
  inv.io.stdout.write(name + '\n');
  return 0;
};

/** dirname NAME, as glibc's dirname(3) computes it (`//` stays `//`). */
export const dirname: CommandImpl = (inv) => {
  const args = inv.argv.slice(1)[0] === '--' ? inv.argv.slice(2) : inv.argv.slice(1);
  if (args.length !== 1) return usage(inv);
  inv.io.stdout.write(glibcDirname(args[0]!) + '\n');
  return 0;
};

function glibcDirname(path: string): string {
  let last = path.lastIndexOf('/');
  if (last > 0 && last === path.length - 1) {
    // Trailing slashes: look for the slash before them.
    let run = last;
    while (run > 0 && path[run - 1] === '/') run--;
    if (run > 0) last = path.lastIndexOf('/', run - 1);
  }
  if (last < 0) return '.';
  let run = last;
  while (run > 0 && path[run - 1] === '/') run--;
  if (run === 0) return last === 1 ? '//' : '/';
  return path.slice(0, run);
}

/** env [-i] [-u NAME] [NAME=VALUE]... [COMMAND...]: prints the environment, or runs a command with it. */
export const env: CommandImpl = (inv) => {
  const args = inv.argv.slice(1);
  const environment = new Map(inv.env);
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-i' || arg === '-') environment.clear();
    else if (arg === '-u') environment.delete(args[++i] ?? '');
    else if (arg === '--') {
      i++;
      break;
    } else if (arg.startsWith('-')) throw new Unsupported('', `env ${arg}`);
    else break;
  }
  for (; i < args.length && /^[^=]+=/.test(args[i]!); i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    environment.delete(arg.slice(0, eq));
    environment.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  if (i < args.length) return inv.shell.execWithEnv(args.slice(i), environment, inv.io);
  for (const [name, value] of environment) inv.io.stdout.write(`${name}=${value}\n`);
  return 0;
};
