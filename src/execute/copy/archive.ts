import { bufferSource, checksumMatches, readTar, TarFormatError, type TarEntry } from '../../archive/tarReader.js';
import { contentFromBuffer, type Content } from '../../fs/content.js';
import { baseName, cleanAbsolute, components, joinPath, parentOf } from '../../fs/paths.js';
import { TooManyLinksError, type FileNode, type FsTree, type Meta, type Node, type Origin } from '../../fs/tree.js';
import { charge, limitExceeded, remaining } from '../../limits.js';
import { DockerfileError } from '../../model/errors.js';
import { zlib } from '../../util/zlib.js';
import { ROOTFS } from './messages.js';
import { decompressXz, XzError, XzOutputLimitError } from './xz.js';

/** What ADD finds in a local file: a tar stream (decompressed), no archive, or a compression it cannot read. */
export type ArchiveProbe =
  | { readonly kind: 'tar'; readonly data: Buffer }
  | { readonly kind: 'plain' }
  | { readonly kind: 'unreadable'; readonly format: string };

/**
 * ADD extracts a local file when its content, after gzip/bzip2/xz/zstd decompression chosen by
 * magic bytes, starts with a valid tar header (the name does not matter). gzip and xz are read
 * here; bzip2 and zstd are reported as unreadable rather than guessed.
 */
export function probeArchive(file: FileNode): ArchiveProbe {
  let head: Buffer;
  try {
    head = readHead(file.content, PROBE_BYTES);
  } catch (error) {
    if (error instanceof DockerfileError) throw error; // a context file that cannot be read fails the build
    return { kind: 'unreadable', format: 'file of unknown content' };
  }
  const format = compression(head);
  if (format !== undefined && format !== 'gzip' && format !== 'xz') return { kind: 'unreadable', format };
  // The start decides for plain and gzip data, so a large file that is no archive is never read whole.
  const whole = head.length === file.content.size;
  if (format === undefined && !mayStartTar(head, whole)) return { kind: 'plain' };
  if (format === 'gzip') {
    const start = gunzipStart(head);
    if (start !== undefined && !mayStartTar(start, whole && start.full)) return { kind: 'plain' };
  }

  // The whole archive is held in memory, decompressed: that is what `archiveBytes` bounds.
  const budget = remaining('archiveBytes');
  if (file.content.size > budget) throw archiveTooLarge(budget);
  const bytes = whole ? head : file.content.bytes();
  let data = bytes;
  try {
    if (format === 'gzip') data = zlib().gunzipSync(bytes, { maxOutputLength: Math.max(1, budget) });
    else if (format === 'xz') data = decompressXz(bytes, budget);
  } catch (error) {
    if (error instanceof XzOutputLimitError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw archiveTooLarge(budget);
    // Data that does not decompress is no archive; xz this decoder cannot read may be one.
    if (!(error instanceof XzError || isZlibError(error))) throw error;
    if (error instanceof XzError && error.unsupported) return { kind: 'unreadable', format: `${format} (${error.message})` };
    return { kind: 'plain' };
  }
  try {
    if (readTar(bufferSource(data)).next().done) return { kind: 'plain' };
  } catch (error) {
    if (error instanceof TarFormatError) return { kind: 'plain' };
    throw error;
  }
  charge('archiveBytes', data.length, 'bytes ADD extracted from archives in this build');
  return { kind: 'tar', data };
}

/** Enough of a file for its magic bytes, a gzip header and the first deflate blocks. */
const PROBE_BYTES = 64 * 1024;

function readHead(content: Content, length: number): Buffer {
  // Context files can be read in part (src/context/buildContext.ts); other contents are in memory.
  const ranged = content as Content & { readRange?: (offset: number, length: number) => Buffer };
  if (ranged.readRange) return ranged.readRange(0, length);
  const bytes = content.bytes();
  return bytes.length > length ? bytes.subarray(0, length) : bytes;
}

/**
 * False when `start` proves the data is no tar: what readTar's first step would find (a first
 * block of zeros or with a bad checksum, or less than a block in all). A short start of a longer
 * stream proves nothing.
 */
function mayStartTar(start: Buffer, whole: boolean): boolean {
  if (start.length < 512) return !whole;
  const block = start.subarray(0, 512);
  return !block.every((b) => b === 0) && checksumMatches(block);
}

/**
 * What the first 4 KiB of a gzip stream decompress to (at most some 4 MiB, deflate's ratio being
 * about 1:1032), and whether that is all of it; undefined when they do not decompress, which the
 * whole stream then decides.
 */
function gunzipStart(head: Buffer): (Buffer & { full: boolean }) | undefined {
  const slice = head.subarray(0, 4096);
  try {
    const out = zlib().gunzipSync(slice, { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
    return Object.assign(out, { full: slice.length === head.length });
  } catch {
    return undefined;
  }
}

function archiveTooLarge(budget: number): DockerfileError {
  return limitExceeded('archiveBytes', `an archive ADD would extract holds more than the ${budget} bytes left of this build's budget`);
}

function isZlibError(error: unknown): boolean {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('Z_');
}

function compression(bytes: Buffer): string | undefined {
  const starts = (...magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);
  if (starts(0x42, 0x5a, 0x68)) return 'bzip2';
  if (starts(0x1f, 0x8b, 0x08)) return 'gzip';
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  // zstd skippable frames: 0x184D2A50-5F, little-endian.
  if (bytes.length >= 4 && (bytes[0]! & 0xf0) === 0x50 && starts(bytes[0]!, 0x2a, 0x4d, 0x18)) return 'zstd';
  return undefined;
}

/**
 * Untars into the directory `dest` (a real path that exists) the way both builders do, inside a
 * chroot at `dest`: names are cleaned and cannot leave it, absolute symlinks already in the tree
 * resolve from it, missing parents are made 0755 root, an existing entry is replaced unless both
 * are directories (then it takes the header's owner and mode), owners and modes (setuid too) come
 * from the headers, and a hard link entry's header applies to the file it links to.
 */
export function extractTar(tree: FsTree, dest: string, data: Buffer, origin: (entry?: string) => Origin): void {
  for (const entry of readEntries(data)) {
    charge('archiveEntries', 1, 'archive members ADD extracted in this build');
    const rel = cleanAbsolute(entry.name);
    if (rel === '/') continue;
    const parent = mkdirIn(tree, dest, parentOf(rel), origin());
    const target = joinPath(parent, baseName(rel));
    const existing = tree.get(target);
    const meta: Meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid };
    const from = origin(entry.name);
    if (existing && !(existing.type === 'dir' && entry.type === 'dir')) tree.delete(target);
    switch (entry.type) {
      case 'dir':
        if (existing?.type === 'dir') tree.setDirMeta(target, meta, from);
        else tree.set(target, { type: 'dir', ...meta, children: new Map(), owner: undefined, origin: from });
        break;
      case 'file':
        tree.set(target, { type: 'file', ...meta, content: contentFromBuffer(entry.data()), origin: from });
        break;
      case 'symlink':
        tree.set(target, { type: 'symlink', ...meta, mode: 0o777, target: entry.linkname, origin: from });
        break;
      case 'hardlink':
        hardLink(tree, resolveIn(tree, dest, cleanAbsolute(entry.linkname), false), target, meta, from);
        break;
      case 'other':
        // Devices and fifos: the tree has no such nodes.
        break;
    }
  }
}

function* readEntries(data: Buffer): Generator<TarEntry> {
  try {
    yield* readTar(bufferSource(data));
  } catch (error) {
    if (error instanceof TarFormatError) throw new DockerfileError('file-conflict', `failed to extract archive: ${error.message}`);
    throw error;
  }
}

/** link(2) then lchown/chmod from the link's header: both names share one file with that metadata. */
function hardLink(tree: FsTree, linked: string, target: string, meta: Meta, origin: Origin): void {
  const node = tree.get(linked);
  if (!node || node.type === 'dir') {
    throw new DockerfileError('file-conflict', `failed to create hard link ${ROOTFS}${target} -> ${ROOTFS}${linked}`);
  }
  let shared: Node;
  if (node.type === 'symlink') shared = { ...node, uid: meta.uid, gid: meta.gid };
  else shared = { ...node, ...meta, linkGroup: node.linkGroup ?? {} };
  tree.set(linked, shared);
  tree.set(target, { ...shared, origin });
}

/** `mkdir -p` of `rel` inside the chroot `root`; returns the real path it leads to. */
function mkdirIn(tree: FsTree, root: string, rel: string, origin: Origin): string {
  let real = root;
  const names = components(rel);
  for (let i = 1; i <= names.length; i++) {
    const next = resolveIn(tree, root, names.slice(0, i).join('/'), true);
    const node = tree.get(next);
    if (node === undefined) {
      if (!tree.set(next, { type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined, origin })) {
        throw new DockerfileError('file-conflict', `mkdir ${ROOTFS}${next}: no such file or directory`);
      }
    } else if (node.type !== 'dir') {
      throw new DockerfileError('file-conflict', `mkdir ${ROOTFS}${next}: not a directory`);
    }
    real = next;
  }
  return real;
}

/**
 * FsTree.resolve as seen from a chroot at `root`: absolute link targets and `..` stop at `root`.
 * Linear in the path (`pending` is a stack, `nodes[i]` the node at the first i names of `done`):
 * archive member names can be thousands of components long.
 */
function resolveIn(tree: FsTree, root: string, rel: string, followLast: boolean): string {
  const pending = components(cleanAbsolute(rel)).reverse();
  const done: string[] = [];
  const nodes: (Node | undefined)[] = [tree.get(root)];
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === '..') {
      if (done.length > 0) {
        done.pop();
        nodes.pop();
      }
      continue;
    }
    const parent = nodes[nodes.length - 1];
    const node = parent?.type === 'dir' ? parent.children.get(name) : undefined;
    if (node?.type === 'symlink' && (pending.length > 0 || followLast)) {
      if (++hops > 255) throw new TooManyLinksError(joinPath(root, rel));
      if (node.target.startsWith('/')) {
        done.length = 0;
        nodes.length = 1;
      }
      const target = node.target.split('/').filter((c) => c !== '' && c !== '.');
      for (let i = target.length - 1; i >= 0; i--) pending.push(target[i]!);
      continue;
    }
    done.push(name);
    nodes.push(node);
  }
  return done.length === 0 ? root : joinPath(root, done.join('/'));
}
