import type { Redirect } from './ast.js';
import { FsError, Unsupported } from './errors.js';
import { expandString } from './expand.js';
import { discard, FileSink, type Io, type Sink } from './io.js';
import type { Shell } from './shell.js';

/** Device paths a RUN's shell can use: /dev is the container's own tmpfs, never part of the image. */
const DEVICES: Record<string, 'null' | 'stdout' | 'stderr'> = {
  '/dev/null': 'null',
  '/dev/stdout': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/1': 'stdout',
  '/dev/fd/2': 'stderr',
};

/** Applies a command's redirections; undefined (after the shell's message) when one cannot be opened. */
export function applyRedirects(shell: Shell, redirects: readonly Redirect[], io: Io): Io | undefined {
  let result = io;
  for (const redirect of redirects) {
    if (redirect.fd > 2) throw new Unsupported(shell.current, `redirection of file descriptor ${redirect.fd}`);
    if (redirect.kind === 'heredoc') {
      result = { ...result, stdin: Buffer.from(expandString(redirect.body, shell)) };
      continue;
    }
    const target = expandString(redirect.target, shell);
    const key = redirect.fd === 0 ? 'stdin' : redirect.fd === 1 ? 'stdout' : 'stderr';
    if (redirect.op === '>&' || redirect.op === '<&') {
      if (redirect.op === '>&' && (target === '1' || target === '2') && key !== 'stdin') {
        result = { ...result, [key]: target === '1' ? result.stdout : result.stderr };
        continue;
      }
      if (redirect.op === '<&' && target === '0' && key === 'stdin') continue;
      throw new Unsupported(shell.current, `redirection ${redirect.op}${target}`);
    }
    if (redirect.op === '<>') throw new Unsupported(shell.current, 'redirection <>');
    const opened = open(shell, target, redirect.op, result);
    if (opened === undefined) return undefined;
    if (redirect.op === '<') {
      if (key !== 'stdin') throw new Unsupported(shell.current, `input redirection of file descriptor ${redirect.fd}`);
      result = { ...result, stdin: opened as Buffer };
    } else {
      if (key === 'stdin') throw new Unsupported(shell.current, 'output redirection of file descriptor 0');
      result = { ...result, [key]: opened };
    }
  }
  return result;
}

function open(shell: Shell, target: string, op: '>' | '>>' | '>|' | '<', io: Io): Buffer | Sink | undefined {
  const device = DEVICES[target];
  if (device) return op === '<' ? Buffer.alloc(0) : device === 'null' ? discard : device === 'stdout' ? io.stdout : io.stderr;
  if (/^\/(dev|proc|sys)(\/|$)/.test(target)) throw new Unsupported(shell.current, `redirection to ${target}`);
  if (op === '<') {
    try {
      const { node } = shell.fs.stat(target);
      if (node.type === 'dir') return Buffer.alloc(0);
      if (node.type === 'file') return shell.fs.readFile(node, target);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      // ash's errmsg(): ENOENT and ENOTDIR read "no such file" for a file it opens.
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') {
        io.stderr.write(`${shell.argv0}: can't open ${target}: ${error.message}\n`);
        return undefined;
      }
    }
    io.stderr.write(`${shell.argv0}: can't open ${target}: no such file\n`);
    return undefined;
  }
  let where;
  try {
    where = shell.fs.creatable(target, true);
    if (where.node?.type === 'file') shell.fs.openWrite(where.real, target);
    else if (where.node === undefined) shell.fs.createFile(where.real, 0o666, Buffer.alloc(0));
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    // ash's errmsg(): ENOENT and ENOTDIR read "nonexistent directory" for a file it creates.
    io.stderr.write(`${shell.argv0}: can't create ${target}: ${error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'nonexistent directory' : error.message}\n`);
    return undefined;
  }
  if (where.node?.type === 'dir') {
    io.stderr.write(`${shell.argv0}: can't create ${target}: Is a directory\n`);
    return undefined;
  }
  if (where.node !== undefined && op !== '>>') shell.fs.writeContent(where.real, Buffer.alloc(0), false);
  return new FileSink(shell.fs, where.real);
}
