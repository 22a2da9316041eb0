import { createHash, type Hash } from 'node:crypto';
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { contentFromBuffer, type StreamedContent } from '../fs/content.js';
import { FsTree, type Node } from '../fs/tree.js';
import { checkLimit } from '../limits.js';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';
import { IgnoreMatcher, ignoreFileFor, parseDockerignore, readIgnorePatterns, type IgnoreDecision, type IgnoreRule } from './dockerignore.js';

/** A path the ignore file kept out of the context, and the rule that did it. */
export interface ExcludedPath {
  readonly path: string;
  readonly rule: IgnoreRule | undefined;
}

/** The files `docker build` sends: the context after the ignore file, rooted at `/`. */
export interface BuildContext {
  readonly tree: FsTree;
  /** The ignore file that applied (`.dockerignore`, `Dockerfile.dockerignore`), if any. */
  readonly ignoreFile: string | undefined;
  readonly excluded: readonly ExcludedPath[];
}

/** In-memory context entries for the API: a string or bytes is a file, `null` an empty directory. */
export type ContextFiles = Readonly<
  Record<string, string | Uint8Array | null | { content?: string | Uint8Array; mode?: number; symlink?: string }>
>;

export interface ContextOptions {
  readonly builder: BuilderMode;
  /** The Dockerfile's path (relative to the context root, or absolute), for `<Dockerfile>.dockerignore`. */
  readonly dockerfile?: string | undefined;
  /** Called after each entry of a context directory is read, with the entries and file bytes so far. */
  readonly onProgress?: ((progress: { files: number; bytes: number }) => void) | undefined;
}

/** The ignore file's rules; a bad pattern fails the build worded as each client words it. */
function readRules(text: string, builder: BuilderMode): IgnoreRule[] {
  try {
    return parseDockerignore(text);
  } catch (e) {
    if (!(e instanceof DockerfileError)) throw e;
    const patterns = readIgnorePatterns(text).map((p) => p.pattern);
    const message =
      builder === 'buildkit'
        ? `rpc error: code = Unknown desc = invalid excludepatterns: [${patterns.join(' ')}]: ${e.message}`
        : `error checking context: ${e.message}`;
    throw new DockerfileError(e.code, message);
  }
}

/**
 * A context directory. One the ignore file excludes but that holds re-included files is sent by
 * BuildKit as it is; the classic client leaves it out and the daemon recreates it 0755.
 */
function contextDir(excluded: boolean, mode: number, options: ContextOptions): Node {
  const keepMode = !excluded || options.builder === 'buildkit';
  return { type: 'dir', mode: keepMode ? mode & 0o7777 : 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined };
}

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;

/**
 * Reads a context directory once: symlinks are kept as symlinks (never followed on the host),
 * contents are read only when a step needs them, and owners become 0:0 as Docker's client sends them.
 */
export async function contextFromDirectory(root: string, options: ContextOptions): Promise<BuildContext> {
  const isFile = async (path: string): Promise<boolean> => {
    try {
      return lstatSync(path).isFile();
    } catch {
      return false;
    }
  };
  // BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile; classic reads only the context's.
  const beside = options.dockerfile !== undefined ? resolve(root, `${options.dockerfile}.dockerignore`) : undefined;
  const ignorePath =
    options.builder === 'buildkit' && beside !== undefined && (await isFile(beside))
      ? beside
      : (await isFile(join(root, '.dockerignore')))
        ? join(root, '.dockerignore')
        : undefined;
  const ignoreFile = ignorePath === undefined ? undefined : relative(root, ignorePath);
  const rules = ignorePath ? readRules(readRegularFile(ignorePath, ignoreFile!, options.builder).toString('utf8'), options.builder) : [];
  const matcher = new IgnoreMatcher(rules);
  const tree = FsTree.empty();
  const excluded: ExcludedPath[] = [];
  const seen = { files: 0, bytes: 0 };

  // Sync fs calls: an awaited lstat per entry is a thread-pool round trip each, several times
  // slower over a large context. The walk still lets the event loop run now and then (timers).
  let lastPause = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - lastPause < 50) return;
    await new Promise((next) => setImmediate(next));
    lastPause = performance.now();
  };

  // Host paths are bytes: a name that is not UTF-8 must reach lstat/open as it is (see nameFromBytes).
  const fail = hostError(root, options.builder);
  const walk = async (rel: string, hostDir: Buffer, parent: IgnoreDecision | undefined): Promise<boolean> => {
    await pause();
    const names = fail('open', rel, () => readdirSync(hostDir, { encoding: 'buffer' }))
      .map((bytes) => ({ name: nameFromBytes(bytes), bytes }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let keptAny = false;
    for (const { name, bytes } of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const host = Buffer.concat([hostDir, SLASH, bytes]);
      const st = fail('lstat', path, () => lstatSync(host));
      seen.files++;
      checkLimit('contextEntries', seen.files, 'entries in the context directory');
      if (st.isFile()) seen.bytes += st.size;
      options.onProgress?.(seen);
      const decision = matcher.match(path, parent);
      if (st.isDirectory()) {
        if (decision.excluded && !matcher.mayReincludeBelow(path, options.builder)) {
          excluded.push({ path, rule: decision.rule });
          continue;
        }
        tree.set(`/${path}`, contextDir(decision.excluded, st.mode, options));
        const keptBelow = await walk(path, host, decision);
        if (decision.excluded && !keptBelow) {
          tree.delete(`/${path}`);
          excluded.push({ path, rule: decision.rule });
          continue;
        }
        keptAny = true;
        continue;
      }
      if (decision.excluded) {
        excluded.push({ path, rule: decision.rule });
        continue;
      }
      keptAny = true;
      if (st.isSymbolicLink()) {
        const target = nameFromBytes(fail('readlink', path, () => readlinkSync(host, { encoding: 'buffer' })));
        tree.set(`/${path}`, { type: 'symlink', mode: 0o777, uid: 0, gid: 0, target });
      } else if ((st.mode & S_IFMT) === S_IFSOCK) {
        // BuildKit's client sends a socket as an empty regular file; the classic client's tar
        // cannot hold one and leaves it out ("archive/tar: sockets not supported").
        if (options.builder === 'classic') continue;
        tree.set(`/${path}`, { type: 'file', mode: st.mode & 0o7777, uid: 0, gid: 0, content: contentFromBuffer('') });
      } else if (st.isFile()) {
        // The classic client opens every file it sends before sending any (ValidateContextDirectory).
        if (options.builder === 'classic') fail('open', path, () => accessSync(host, constants.R_OK));
        tree.set(`/${path}`, { type: 'file', mode: st.mode & 0o7777, uid: 0, gid: 0, content: new ContextFileContent(host, path, st, fail) });
      }
      // FIFOs and devices are left out, never opened: opening a FIFO blocks until a writer comes.
    }
    return keptAny;
  };
  await walk('', Buffer.from(root), undefined);
  return { tree, ignoreFile, excluded };
}

const SLASH = Buffer.from('/');

/**
 * A name from the host, which is bytes: valid UTF-8 decodes as usual, and each byte that is not
 * part of a valid sequence becomes a lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"),
 * so that nameToBytes gives the same bytes back. Both Docker clients send names as Go strings,
 * which are bytes, so the image keeps them; Node's string `readdir` would turn them into U+FFFD,
 * a name that does not exist on the host.
 */
export function nameFromBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) out += String.fromCharCode(0xdc00 + bytes[i++]!);
    else {
      out += bytes.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

/** The host bytes of a name or path made by nameFromBytes. */
export function nameToBytes(name: string): Buffer {
  if (!/[\uDC80-\uDCFF]/u.test(name)) return Buffer.from(name);
  const parts: Buffer[] = [];
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    parts.push(cp >= 0xdc80 && cp <= 0xdcff ? Buffer.of(cp - 0xdc00) : Buffer.from(ch));
  }
  return Buffer.concat(parts);
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), else 0. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

type HostCall = <T>(syscall: string, path: string, run: () => T) => T;

/**
 * Runs one fs call on the context and turns its failure into the build's failure, worded as the
 * client that reads the context words it: BuildKit's sender, or the classic client's check.
 */
function hostError(root: string, builder: BuilderMode): HostCall {
  return (syscall, path, run) => {
    try {
      return run();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || error instanceof DockerfileError) throw error;
      const host = join(root, path);
      let message: string;
      if (builder === 'classic') {
        message =
          code === 'EACCES' && syscall === 'open' && path !== '' ? `no permission to read from '${host}'` : code === 'EACCES' ? `can't stat '${host}'` : `${syscall} ${host}: ${goErrno(error)}`;
        message = `error checking context: ${message}`;
      } else {
        message = `error from sender: ${syscall} ${path === '' ? '.' : path}: ${goErrno(error)}`;
      }
      throw new DockerfileError('context-error', message);
    }
  };
}

/** The text Go's syscall.Errno prints (glibc's strerror), where libuv's wording differs. */
const GO_ERRNO: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'file name too long',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'not a directory',
  EMFILE: 'too many open files',
};

function goErrno(error: unknown): string {
  const known = GO_ERRNO[(error as NodeJS.ErrnoException).code ?? ''];
  if (known) return known;
  const message = (error as Error).message;
  const m = /^[A-Z0-9]+: ([^,]+),/.exec(message);
  return (m ? m[1]! : message).toLowerCase();
}

/** Opens a regular file without following a final symlink or blocking on a FIFO swapped in. */
function openRegular(host: Buffer | string): { fd: number; st: Stats } {
  const fd = openSync(host, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('EINVAL: not a regular file, open'), { code: 'EINVAL' });
    return { fd, st };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readFd(fd: number, length: number, offset = 0): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

/** The ignore file: a regular file, read once, never through a symlink or from a FIFO. */
function readRegularFile(path: string, name: string, builder: BuilderMode): Buffer {
  return hostError('', builder)('open', name, () => {
    const { fd, st } = openRegular(path);
    try {
      return readFd(fd, st.size);
    } finally {
      closeSync(fd);
    }
  });
}

const CHUNK = 1 << 20;
/** Shared by every hash (all synchronous). */
let hashBuffer: Buffer | undefined;

/**
 * A context file's bytes, read only when a step needs them and only if the file is still the
 * one the walk saw: same device and inode (a parent swapped for a symlink leads elsewhere),
 * still regular (never a FIFO, which would block), same size, and not itself a symlink now.
 * So nothing outside the context is ever read, whatever changes while the build runs.
 */
class ContextFileContent implements StreamedContent {
  private hash: string | undefined;
  readonly size: number;
  private readonly dev: number;
  private readonly ino: number;

  constructor(
    private readonly host: Buffer,
    private readonly path: string,
    st: Stats,
    private readonly fail: HostCall,
  ) {
    this.size = st.size;
    this.dev = st.dev;
    this.ino = st.ino;
  }

  private read<T>(use: (fd: number) => T): T {
    return this.fail('open', this.path, () => {
      const { fd, st } = openRegular(this.host);
      try {
        if (st.dev !== this.dev || st.ino !== this.ino || st.size !== this.size) {
          throw Object.assign(new Error('ESTALE: file changed as we read it, open'), { code: 'ESTALE' });
        }
        return use(fd);
      } finally {
        closeSync(fd);
      }
    });
  }

  bytes(): Buffer {
    return this.read((fd) => readFd(fd, this.size));
  }

  /** At most `length` bytes from `offset`: enough for ADD to tell an archive from a plain file. */
  readRange(offset: number, length: number): Buffer {
    return this.read((fd) => readFd(fd, Math.max(0, Math.min(length, this.size - offset)), offset));
  }

  sha256(): string {
    if (this.hash === undefined) {
      const hash = createHash('sha256');
      this.feed(hash);
      this.hash = hash.digest('hex');
    }
    return this.hash;
  }

  /** Streams the bytes into a hash (the sha256, the classic builder's tarsum) without holding them. */
  feed(hash: Hash): void {
    this.read((fd) => {
      // Through one reused buffer: a fresh Buffer per file is an ArrayBuffer each, and their
      // allocation and collection cost as much as the reads over a context of small files.
      const buffer = (hashBuffer ??= Buffer.allocUnsafe(CHUNK));
      for (let done = 0; done < this.size; ) {
        const n = readSync(fd, buffer, 0, Math.min(CHUNK, this.size - done), done);
        if (n === 0) break;
        hash.update(buffer.subarray(0, n));
        done += n;
      }
    });
  }
}

/** A context given in memory (tests, the API): no ignore file applies unless one is among the files. */
export function contextFromFiles(files: ContextFiles, options: ContextOptions): BuildContext {
  const tree = FsTree.empty();
  const ensureDir = (path: string): void => {
    const parts = path.split('/').filter(Boolean);
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      if (!tree.get(current)) tree.set(current, { type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined });
    }
  };
  for (const [rawPath, value] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = '/' + rawPath.split('/').filter(Boolean).join('/');
    ensureDir(path.slice(0, path.lastIndexOf('/')));
    if (value === null) ensureDir(path);
    else if (typeof value === 'string' || value instanceof Uint8Array) {
      tree.set(path, { type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(Buffer.from(value)) });
    } else if (value.symlink !== undefined) {
      tree.set(path, { type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: value.symlink });
    } else {
      tree.set(path, {
        type: 'file',
        mode: value.mode ?? 0o644,
        uid: 0,
        gid: 0,
        content: contentFromBuffer(Buffer.from(value.content ?? '')),
      });
    }
  }
  const ignoreName = ignoreFileFor(options.dockerfile ?? 'Dockerfile', options.builder, (n) => tree.get(`/${n}`)?.type === 'file');
  if (!ignoreName) return { tree, ignoreFile: undefined, excluded: [] };
  const ignoreNode = tree.get(`/${ignoreName}`);
  const rules = ignoreNode?.type === 'file' ? readRules(ignoreNode.content.bytes().toString('utf8'), options.builder) : [];
  const matcher = new IgnoreMatcher(rules);
  const excluded: ExcludedPath[] = [];
  const prune = (dir: string, parent: IgnoreDecision | undefined): boolean => {
    const node = tree.get(dir);
    if (node?.type !== 'dir') return false;
    let keptAny = false;
    for (const name of [...node.children.keys()].sort()) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const rel = path.slice(1);
      const child = node.children.get(name)!;
      const decision = matcher.match(rel, parent);
      if (child.type === 'dir' && (!decision.excluded || matcher.mayReincludeBelow(rel, options.builder))) {
        const keptBelow = prune(path, decision);
        if (!decision.excluded || keptBelow) {
          keptAny = true;
          continue;
        }
      } else if (!decision.excluded) {
        keptAny = true;
        continue;
      }
      tree.delete(path);
      excluded.push({ path: rel, rule: decision.rule });
    }
    return keptAny;
  };
  prune('/', undefined);
  return { tree, ignoreFile: ignoreName, excluded };
}
