import {
  chmodSync,
  closeSync,
  createWriteStream,
  fchmodSync,
  futimesSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { posix } from 'node:path';
import { nameToBytes } from '../context/buildContext.js';
import type { FsTree, Node } from '../fs/tree.js';
import type { TreeEntry } from '../model/image.js';
import { lazyModule } from '../util/lazyModule.js';
import { exportEntries } from './treeEntries.js';

// Streams only when an image is exported, not on every run.
const stream = lazyModule<typeof import('node:stream')>('node:stream');
const streamPromises = lazyModule<typeof import('node:stream/promises')>('node:stream/promises');

export interface ExportOptions {
  /**
   * Every entry's modification time, in seconds since 1970: what `SOURCE_DATE_EPOCH` sets in a
   * real build (default 0). Without it a real build keeps each file's own time, which no
   * emulation can know.
   */
  readonly epoch?: number;
}

/**
 * Writes a tree as `docker build -o type=tar,dest=F` does: BuildKit's tar exporter walks the
 * result with fsutil and writes Go's archive/tar headers. Names are relative (`app/a.txt`,
 * directories `app/`), the root is not listed, modes are permission bits plus setuid/setgid/
 * sticky, uid/gid numeric with empty user and group names, a hard link is type `1` naming the
 * first path of its group, and each header is USTAR unless it cannot be (a non-ASCII or long
 * name, an id over 0o7777777), then PAX, exactly as Go chooses. With the same `epoch` as a
 * build's SOURCE_DATE_EPOCH the bytes equal BuildKit's. A stream given is not ended.
 */
export async function writeImageTar(tree: FsTree, out: NodeJS.WritableStream | string, options: ExportOptions = {}): Promise<void> {
  const epoch = checkEpoch(options.epoch);
  const blocks = stream().Readable.from(tarBlocks(tree, epoch), { objectMode: false });
  const { pipeline } = streamPromises();
  if (typeof out !== 'string') return pipeline(blocks, out, { end: false });
  try {
    await pipeline(blocks, createWriteStream(out));
  } catch (err) {
    rmSync(out, { force: true }); // no half-written archive
    throw err;
  }
}

function checkEpoch(epoch = 0): number {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= 8 ** 11) throw new RangeError(`epoch must be a whole number of seconds in [0, 8^11): ${epoch}`);
  return epoch;
}

function* tarBlocks(tree: FsTree, epoch: number): Generator<Buffer> {
  for (const { entry, node } of exportEntries(tree)) {
    const data = entry.type === 'file' ? contentOf(entry, node) : undefined;
    yield* headerBlocks({
      name: entry.path.slice(1) + (entry.type === 'dir' ? '/' : ''),
      typeflag: TYPEFLAG[entry.type],
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
      size: data?.length ?? 0,
      mtime: epoch,
      linkname: entry.type === 'hardlink' ? entry.linkTarget!.slice(1) : (entry.linkTarget ?? ''),
    });
    if (data) yield* padded(data);
  }
  yield Buffer.alloc(1024);
}

const TYPEFLAG: Record<TreeEntry['type'], string> = { file: '0', hardlink: '1', symlink: '2', dir: '5' };

function contentOf(entry: TreeEntry, node: Node): Buffer {
  const fail = (why: string): never => {
    throw new Error(`cannot export ${entry.path}: ${why}`);
  };
  if (node.type !== 'file' || node.unknown) return fail('its content is not known');
  let bytes: Buffer;
  try {
    bytes = node.content.bytes();
  } catch (err) {
    return fail((err as Error).message);
  }
  return bytes.length === entry.size ? bytes : fail(`its content has ${bytes.length} bytes, not ${entry.size}`);
}

function* padded(data: Buffer): Generator<Buffer> {
  if (data.length > 0) yield data;
  if (data.length % 512) yield Buffer.alloc(512 - (data.length % 512));
}

// --- Go's archive/tar header encoding -----------------------------------------------------

interface Header {
  readonly name: string;
  readonly typeflag: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime: number;
  readonly linkname: string;
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);
/** Go's toASCII: drops every non-ASCII character (and NUL). */
const toAscii = (s: string): string => s.replace(/[^\x01-\x7f]/gu, '');
/** fitsInOctal for a field of `width` bytes (one kept for the NUL). */
const fitsOctal = (n: number, width: number): boolean => n >= 0 && n < 8 ** (width - 1);

/** The header block(s) Go's tar.Writer writes for a header of unspecified format. */
function headerBlocks(h: Header): Buffer[] {
  const pax = new Map<string, string>();
  const split = splitUstarPath(h.name);
  if (!(isAscii(h.name) && (Buffer.byteLength(h.name) <= 100 || split))) pax.set('path', h.name);
  if (!(isAscii(h.linkname) && Buffer.byteLength(h.linkname) <= 100)) pax.set('linkpath', h.linkname);
  for (const key of ['uid', 'gid'] as const) if (!fitsOctal(h[key], 8)) pax.set(key, String(h[key]));
  if (!fitsOctal(h.size, 12)) pax.set('size', String(h.size));
  if (pax.size === 0) return [block(h, h.name, split)];

  const data = Buffer.concat([...pax.keys()].sort().map((k) => paxRecord(k, pax.get(k)!)));
  // path.Join(path.Split(name) around "PaxHeaders.0"), as Go names the extended header.
  const slash = h.name.lastIndexOf('/');
  const paxName = posix.join(h.name.slice(0, slash + 1), 'PaxHeaders.0', h.name.slice(slash + 1));
  const extended = block(
    { name: '', typeflag: 'x', mode: 0, uid: 0, gid: 0, size: data.length, mtime: 0, linkname: '' },
    toAscii(paxName).slice(0, 100).replace(/\/+$/, ''),
    undefined,
    false,
  );
  return [extended, ...padded(data), block(h, toAscii(h.name), undefined)];
}

/**
 * Go's formatPAXRecord: "<length> <key>=<value>\n", the length counting itself. Values are bytes:
 * a name read from the host that is not UTF-8 is written as the bytes it had (nameToBytes).
 */
function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), nameToBytes(value), Buffer.from('\n')]);
  const n = body.length;
  let size = n + String(n).length;
  // Adding the length's own digits can add a digit to it.
  if (String(size).length !== String(n).length) size = n + String(size).length;
  return Buffer.concat([Buffer.from(String(size)), body]);
}

/** Go's splitUSTARPath: the longest prefix (≤155 bytes) that leaves a name of ≤100 bytes. */
function splitUstarPath(name: string): { prefix: string; name: string } | undefined {
  let length = name.length;
  if (length <= 100 || !isAscii(name)) return undefined;
  if (length > 156) length = 156;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return { prefix: name.slice(0, i), name: name.slice(i + 1) };
}

/**
 * One 512-byte USTAR-magic header. Numbers are zero-padded octal with a NUL, a value that does
 * not fit is written 0 (its PAX record carries it), and device numbers are written only in the
 * main header, as Go does.
 */
function block(h: Header, name: string, split: { prefix: string; name: string } | undefined, devices = true): Buffer {
  const b = Buffer.alloc(512);
  const str = (offset: number, width: number, s: string): void => {
    const bytes = Buffer.from(s);
    bytes.copy(b, offset, 0, width);
    if (bytes.length < width) b[offset + bytes.length] = 0;
    // Go keeps a truncated directory name from ending in '/' in the header's own field.
    if (bytes.length > width && b[offset + width - 1] === 0x2f) {
      b[offset + bytes.subarray(0, width).toString('latin1').replace(/\/+$/, '').length] = 0;
    }
  };
  const oct = (offset: number, width: number, n: number): void => {
    str(offset, width, (fitsOctal(n, width) ? n : 0).toString(8).padStart(width - 1, '0'));
  };
  str(0, 100, split ? split.name : name);
  oct(100, 8, h.mode);
  oct(108, 8, h.uid);
  oct(116, 8, h.gid);
  oct(124, 12, h.size);
  oct(136, 12, h.mtime);
  b.write(h.typeflag, 156, 'latin1');
  str(157, 100, toAscii(h.linkname));
  b.write('ustar\x0000', 257, 'latin1');
  if (devices) {
    oct(329, 8, 0);
    oct(337, 8, 0);
  }
  if (split) str(345, 155, split.prefix);
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  str(148, 7, sum.toString(8).padStart(6, '0'));
  b[155] = 0x20;
  return b;
}

// --- type=local ---------------------------------------------------------------------------

/**
 * Writes a tree into a directory as `docker build -o type=local,dest=DIR` does: the docker CLI
 * receives the files and writes them owned by the user running it (not the image's owners),
 * with the image's modes (setuid/setgid/sticky too), symlinks as symlinks, hard links as hard
 * links, merged into what DIR already holds. An entry already in DIR is replaced, a symlink
 * included, never written through; an existing directory where the tree has one is kept.
 * Directory modes and times are set last, deepest first, so that a read-only directory can
 * still be filled.
 */
export function writeLocalDir(tree: FsTree, dir: string, options: ExportOptions = {}): void {
  const epoch = checkEpoch(options.epoch);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Paths are bytes: a name the context had that is not UTF-8 is written as it was (nameToBytes).
  const at = (imagePath: string): Buffer => Buffer.concat([Buffer.from(dir), nameToBytes(imagePath)]);
  const dirs: { path: Buffer; mode: number }[] = [];
  for (const { entry, node } of exportEntries(tree)) {
    const path = at(entry.path);
    const existing = lstatOrUndefined(path);
    if (existing && !(existing.isDirectory() && entry.type === 'dir')) rmSync(path, { recursive: true, force: true });
    switch (entry.type) {
      case 'dir':
        if (!existing?.isDirectory()) mkdirSync(path, { mode: 0o700 });
        dirs.push({ path, mode: entry.mode });
        break;
      case 'file': {
        // 'wx' never opens through a symlink that appeared meanwhile, and mode and times are set
        // on the open file, so no path is followed after it is made.
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeFileSync(fd, contentOf(entry, node));
          fchmodSync(fd, entry.mode);
          futimesSync(fd, epoch, epoch);
        } finally {
          closeSync(fd);
        }
        break;
      }
      case 'symlink':
        symlinkSync(nameToBytes(entry.linkTarget!), path);
        lutimesSync(path, epoch, epoch);
        break;
      case 'hardlink':
        linkSync(at(entry.linkTarget!), path);
        break;
    }
  }
  for (const { path, mode } of dirs.reverse()) {
    chmodSync(path, mode);
    utimesSync(path, epoch, epoch);
  }
}

function lstatOrUndefined(path: Buffer): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
