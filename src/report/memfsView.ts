import { constants } from 'node:fs';
import type { IFs, IProcess } from 'memfs';
import type { FileNode, FsTree } from '../fs/tree.js';
import { exportEntries } from './treeEntries.js';
import { lazyModule } from '../util/lazyModule.js';

const memfsModule = lazyModule<typeof import('memfs')>('memfs');

/** The read side of `fs` over an image's files. */
export type ImageFs = Pick<
  IFs,
  'readFileSync' | 'statSync' | 'lstatSync' | 'readdirSync' | 'readlinkSync' | 'existsSync' | 'realpathSync' | 'accessSync'
> & { readonly promises: Pick<IFs['promises'], 'readFile' | 'stat' | 'lstat' | 'readdir' | 'readlink' | 'realpath' | 'access'> };

/**
 * memfs asks its `process` for uid/gid at every node it makes and every path it walks; a fixed
 * root answer spares those calls (about 3 in 7 of them; the rest memfs makes on the global
 * process) and makes the view read as root does.
 */
const ROOT_PROCESS: IProcess = {
  cwd: () => '/',
  platform: 'linux',
  emitWarning: () => {},
  env: {},
  getuid: () => 0,
  getgid: () => 0,
};

const allow = (): boolean => true;

/**
 * An in-memory, read-only `fs` holding a tree's files with their modes, owners, symlinks and hard
 * links (mtimes 0). Reads succeed whatever the mode, as they would for root; a file whose content
 * the emulation does not know has its size but fails to read with EIO; anything that would
 * write fails with EROFS.
 */
export function toMemfs(tree: FsTree): { fs: ImageFs } {
  const { fs, vol } = memfsModule().memfs({}, { process: ROOT_PROCESS });
  const unknown = new Set<string>();
  const entries = [...exportEntries(tree)];
  for (const { entry, node } of entries) {
    switch (entry.type) {
      case 'dir':
        fs.mkdirSync(entry.path);
        break;
      case 'file': {
        const bytes = knownBytes(node as FileNode);
        if (!bytes) unknown.add(entry.path);
        fs.writeFileSync(entry.path, bytes ?? Buffer.alloc(entry.size));
        break;
      }
      case 'symlink':
        fs.symlinkSync(entry.linkTarget!, entry.path);
        break;
      case 'hardlink':
        fs.linkSync(entry.linkTarget!, entry.path);
        break;
    }
  }
  // memfs checks permissions without root's exemption; the view reads as root does.
  for (const node of Object.values(vol._core.inodes)) {
    node.canRead = allow;
    node.canExecute = allow;
    if (node.isSymlink()) {
      node.mode = constants.S_IFLNK | 0o777; // memfs makes them 0666
      node.setString(node.symlink); // so that lstat's size is the target's length, as Linux has it
    }
  }
  // Children first, so that no directory's final mode stands in the way.
  for (const { entry } of entries.reverse()) {
    if (entry.type === 'hardlink') continue;
    if (entry.type !== 'symlink') fs.chmodSync(entry.path, entry.mode);
    fs.lchownSync(entry.path, entry.uid, entry.gid);
    fs.lutimesSync(entry.path, 0, 0);
  }
  const root = tree.rootNode();
  fs.chmodSync('/', root.mode & 0o7777);
  fs.chownSync('/', root.uid, root.gid);
  fs.utimesSync('/', 0, 0);
  for (const path of unknown) {
    const node = vol._core.getLinkOrThrow(path).getNode();
    node.getBuffer = node.read = () => {
      throw errnoError('EIO', -5, 'read', path, 'the content of this file is not known');
    };
  }
  return { fs: readOnly(fs, 'fs') as unknown as ImageFs };
}

function knownBytes(node: FileNode): Buffer | undefined {
  if (node.unknown) return undefined;
  try {
    return node.content.bytes();
  } catch {
    return undefined; // only the hash is known
  }
}

/** Functions that only read; any other function of the fs (or of fs.promises) fails with EROFS. */
const READERS = new Set([
  'readFileSync', 'readFile', 'statSync', 'stat', 'lstatSync', 'lstat', 'fstatSync', 'fstat',
  'readdirSync', 'readdir', 'readlinkSync', 'readlink', 'existsSync', 'exists', 'realpathSync',
  'realpath', 'accessSync', 'access', 'opendirSync', 'opendir', 'readSync', 'read', 'closeSync',
  'close', 'createReadStream',
]);
const OPENERS = new Set(['openSync', 'open']);
const WRITE_FLAGS = constants.O_WRONLY | constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND;

function readOnly(target: object, where: 'fs' | 'fs.promises'): object {
  // fs.promises refuses by rejecting, fs by throwing.
  const refuse = (syscall: string, path: unknown): never | Promise<never> => {
    const err = errnoError('EROFS', -30, syscall, typeof path === 'string' ? path : undefined, 'read-only file system');
    if (where === 'fs.promises') return Promise.reject(err);
    throw err;
  };
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof key !== 'string') return value;
      if (key === 'promises') return readOnly(value as object, 'fs.promises');
      if (typeof value !== 'function' || READERS.has(key)) return value;
      if (OPENERS.has(key)) {
        return (path: unknown, flags?: unknown, ...rest: unknown[]) =>
          readFlags(flags) ? (value as (...args: unknown[]) => unknown).call(obj, path, flags, ...rest) : refuse(`${where}.${key}`, path);
      }
      return (path?: unknown) => refuse(`${where}.${key}`, path);
    },
    set() {
      return false;
    },
  });
}

function readFlags(flags: unknown): boolean {
  if (flags === undefined || typeof flags === 'function') return true;
  if (typeof flags === 'number') return (flags & WRITE_FLAGS) === 0;
  return flags === 'r' || flags === 'rs' || flags === 'sr';
}

function errnoError(code: string, errno: number, syscall: string, path: string | undefined, what: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: ${what}, ${syscall}${path !== undefined ? ` '${path}'` : ''}`);
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  return err;
}
