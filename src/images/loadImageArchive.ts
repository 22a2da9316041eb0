import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { bufferSource, readTar, withFileSource, type TarEntry, type TarSource } from '../archive/tarReader.js';
import { contentFromBuffer, contentFromHostFileRange, type Content } from '../fs/content.js';
import { baseName, cleanAbsolute, components, joinPath, parentOf } from '../fs/paths.js';
import { FsTree, type DirNode, type FileNode, type Node } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { HistoryEntry, ImageConfig } from '../model/image.js';
import { sameImage } from '../plan/imageRef.js';
import { readFileRange } from '../util/readFileRange.js';
import { zlib } from '../util/zlib.js';
import { imageFromFixture, readImageFixture } from './fixtureLoad.js';
import type { LoadedImage } from './image.js';

/**
 * Loads an image from a `docker save` archive (the legacy layout with `<id>/layer.tar`, or the
 * OCI layout Docker 25+ writes, both with a manifest.json), a gzip-compressed one (as
 * `docker load` accepts), or an OCI image layout directory. With several images in it, `ref`
 * chooses by tag (`node:16` matches `docker.io/library/node:16`). An image fixture written by
 * `saveImageFixture` is read too.
 */
export async function loadImageArchive(path: string, ref?: string): Promise<LoadedImage> {
  const fixture = await readImageFixture(path);
  if (fixture) return imageFromFixture(fixture, path, ref);
  const archive = await openArchive(path);
  const candidates = listImages(archive);
  const image = chooseImage(path, candidates, ref);
  const configBytes = archive.blob(image.config).read();
  const configJson = parseJson(configBytes, `${path}: image config ${image.config}`) as ConfigJson;
  const tree = FsTree.empty();
  for (const [i, layer] of image.layers.entries()) {
    await applyLayer(tree, archive.blob(layer), `${path}: layer ${i + 1} (${layer})`);
  }
  return {
    ref: ref ?? image.tags[0] ?? `sha256:${createHash('sha256').update(configBytes).digest('hex')}`,
    config: configJson.config ?? {},
    tree,
    history: (configJson.history ?? []).map(historyEntry),
    layerCount: image.layers.length,
  };
}

interface ConfigJson {
  config?: ImageConfig | null;
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
}

function historyEntry(h: NonNullable<ConfigJson['history']>[number]): HistoryEntry {
  return { createdBy: h.created_by ?? '', emptyLayer: h.empty_layer === true, ...(h.comment ? { comment: h.comment } : {}) };
}

function fail(message: string): never {
  throw new DockerfileError('missing-image', message);
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return fail(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

// --- where the bytes are ------------------------------------------------------------------

/** One file of an archive, read whole (JSON, compressed layers) or walked where it lies (plain layers). */
interface Blob {
  readonly size: number;
  read(): Buffer;
  /** Set when the blob is a plain byte range of a host file, so layer files can stay there. */
  readonly host?: { readonly path: string; readonly offset: number };
}

interface Archive {
  has(name: string): boolean;
  /** The named file; fails with a clear error when the archive lacks it. */
  blob(name: string): Blob;
}

function fileRangeBlob(path: string, offset: number, size: number): Blob {
  return { size, host: { path, offset }, read: () => contentFromHostFileRange(path, offset, size).bytes() };
}

function bufferBlob(bytes: Buffer): Blob {
  return { size: bytes.length, read: () => bytes };
}

/** Archive-relative names as manifests write them: `./a/b`, `/a/b/` and `a/b` are one name. */
function archiveName(name: string): string {
  return posix.normalize(name.replace(/^\/+/, '')).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

async function openArchive(path: string): Promise<Archive> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    return fail(`cannot read image archive ${path}: ${(err as Error).message}`);
  }
  if (isDir) return directoryArchive(path);
  const head = await readFileRange(path, 0, 6);
  const compression = compressionOf(head);
  if (compression === 'gzip') {
    let bytes: Buffer;
    try {
      bytes = zlib().gunzipSync(readFileSync(path));
    } catch (err) {
      return fail(`cannot read image archive ${path}: ${(err as Error).message}`);
    }
    return tarArchive(path, bytes);
  }
  if (compression) fail(`${path} is ${compression}-compressed; decompress it first (only gzip is read)`);
  return tarArchive(path, undefined);
}

function directoryArchive(dir: string): Archive {
  const hostPath = (name: string): string | undefined => {
    const clean = archiveName(name);
    if (clean === '..' || clean.startsWith('../')) return undefined;
    try {
      return statSync(posix.join(dir, clean)).isFile() ? posix.join(dir, clean) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    has: (name) => hostPath(name) !== undefined,
    blob: (name) => {
      const file = hostPath(name) ?? fail(`${dir} has no ${name}`);
      return fileRangeBlob(file, 0, statSync(file).size);
    },
  };
}

/** Indexes a tar (a host file, or `bytes` when it had to be decompressed) by entry name. */
function tarArchive(path: string, bytes: Buffer | undefined): Archive {
  const entries = new Map<string, TarEntry>();
  const index = (source: TarSource): void => {
    for (const entry of readTar(source)) entries.set(archiveName(entry.name), entry);
  };
  try {
    if (bytes) index(bufferSource(bytes));
    else withFileSource(path, 0, statSync(path).size, index);
  } catch (err) {
    fail(`cannot read image archive ${path}: ${(err as Error).message}`);
  }
  // Links inside the archive (a layer.tar shared between two image ids) lead to the real entry.
  const resolve = (name: string): TarEntry | undefined => {
    let entry = entries.get(archiveName(name));
    for (let hops = 0; entry && hops < 40 && (entry.type === 'symlink' || entry.type === 'hardlink'); hops++) {
      const target = entry.type === 'symlink' ? posix.join(posix.dirname(archiveName(name)), entry.linkname) : entry.linkname;
      name = target;
      entry = entries.get(archiveName(target));
    }
    return entry && isRegular(entry) ? entry : undefined;
  };
  return {
    has: (name) => resolve(name) !== undefined,
    blob: (name) => {
      const entry = resolve(name) ?? fail(`${path} has no ${name}`);
      return bytes ? bufferBlob(entry.data()) : fileRangeBlob(path, entry.dataOffset, entry.size);
    },
  };
}

/** A regular file; tar's contiguous files (`7`) are read as regular ones. */
function isRegular(entry: TarEntry): boolean {
  return entry.type === 'file' || entry.flag === '7';
}

function compressionOf(head: Buffer): 'gzip' | 'bzip2' | 'xz' | 'zstd' | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return undefined;
}

// --- which image --------------------------------------------------------------------------

interface ImageRecord {
  readonly tags: string[];
  readonly config: string;
  readonly layers: string[];
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string };
  annotations?: Record<string, string>;
}

function listImages(archive: Archive): ImageRecord[] {
  // Docker's manifest.json names the config and layers by path, in both save layouts.
  if (archive.has('manifest.json')) {
    const manifest = parseJson(archive.blob('manifest.json').read(), 'manifest.json') as {
      Config: string;
      RepoTags?: string[] | null;
      Layers?: string[];
    }[];
    return manifest.map((m) => ({ tags: m.RepoTags ?? [], config: m.Config, layers: m.Layers ?? [] }));
  }
  if (!archive.has('index.json')) fail('not a docker save archive or OCI image layout: it has neither manifest.json nor index.json');
  const index = parseJson(archive.blob('index.json').read(), 'index.json') as { manifests?: Descriptor[] };
  return (index.manifests ?? []).map((d) => {
    const manifest = imageManifest(archive, d);
    return {
      tags: tagsOf(d),
      config: blobPath(manifest.config?.digest),
      layers: (manifest.layers ?? []).map((l) => blobPath(l.digest)),
    };
  });
}

function blobPath(digest: string | undefined): string {
  const [algorithm, hex] = (digest ?? '').split(':');
  if (!algorithm || !hex) fail(`bad digest ${JSON.stringify(digest)} in an OCI manifest`);
  return `blobs/${algorithm}/${hex}`;
}

/** An image manifest, through an index (a multi-platform image) to this machine's platform. */
function imageManifest(archive: Archive, d: Descriptor): { config?: Descriptor; layers?: Descriptor[] } {
  const json = parseJson(archive.blob(blobPath(d.digest)).read(), `manifest ${d.digest}`) as {
    manifests?: Descriptor[];
    config?: Descriptor;
    layers?: Descriptor[];
  };
  if (!json.manifests) return json;
  const images = json.manifests.filter((m) => m.platform?.os !== 'unknown'); // not attestations
  const arch = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' }[process.arch as string];
  const chosen = images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch) ?? (images.length === 1 ? images[0] : undefined);
  if (!chosen) {
    const platforms = images.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ');
    fail(`image index ${d.digest} has no linux/${arch} image (it has ${platforms || 'none'})`);
  }
  return imageManifest(archive, chosen);
}

/** The references an OCI index names an image by; a bare `org.opencontainers.image.ref.name` is only a tag. */
function tagsOf(d: Descriptor): string[] {
  const names = [d.annotations?.['io.containerd.image.name'], d.annotations?.['org.opencontainers.image.ref.name']];
  return names.filter((n): n is string => n !== undefined && /[:/]/.test(n));
}

function chooseImage(path: string, images: ImageRecord[], ref: string | undefined): ImageRecord {
  if (ref !== undefined) {
    const match = images.find((image) => image.tags.some((tag) => tag === ref || sameImage(tag, ref)));
    if (match) return match;
  }
  if (images.length === 1) return images[0]!;
  const held = images.map((image) => image.tags.join(', ') || `untagged ${image.config}`).join('; ');
  if (images.length === 0) fail(`${path} holds no image`);
  return fail(`${path} holds ${images.length} images (${held}); ${ref === undefined ? 'name one' : `none is tagged ${ref}`}`);
}

// --- applying a layer ---------------------------------------------------------------------

interface LayerEntry {
  readonly path: string;
  readonly entry: TarEntry;
  readonly content: Content | undefined;
}

/**
 * Applies one layer as Docker's layer store does: whiteouts (`.wh.name`) and opaque markers
 * (`.wh..wh..opq`) act on the layers below only, so they are applied before this layer's
 * entries; symlinks in an entry's parent path are followed inside the root (the store applies
 * layers chrooted); missing parents are made 0755 0:0.
 */
async function applyLayer(tree: FsTree, blob: Blob, what: string): Promise<void> {
  const entries = await readLayer(blob, what);
  for (const { path } of entries) {
    const name = baseName(path);
    if (!name.startsWith('.wh.')) continue;
    const dir = tree.resolve(parentOf(path), true);
    if (name === '.wh..wh..opq') {
      const node = tree.get(dir);
      if (node?.type === 'dir') tree.set(dir, { ...node, children: new Map(), owner: undefined });
    } else if (!name.startsWith('.wh..wh.')) {
      tree.delete(joinPath(dir, name.slice(4)));
    }
  }
  for (const entry of entries) {
    if (!baseName(entry.path).startsWith('.wh.')) addEntry(tree, entry, what);
  }
}

/** A layer's entries. Files of a plain layer inside a plain host file stay there until read. */
async function readLayer(blob: Blob, what: string): Promise<LayerEntry[]> {
  const compression = compressionOf(blob.size >= 6 ? await headOf(blob) : Buffer.alloc(0));
  if (compression && compression !== 'gzip') fail(`${what} is ${compression}-compressed, which dockerfile-sim cannot read`);
  const host = compression ? undefined : blob.host;
  const collect = (source: TarSource): LayerEntry[] =>
    [...readTar(source)].map((entry) => ({
      path: cleanAbsolute(entry.name),
      entry,
      content: !isRegular(entry) ? undefined : host ? contentFromHostFileRange(host.path, host.offset + entry.dataOffset, entry.size) : contentFromBuffer(entry.data()),
    }));
  try {
    if (host) return withFileSource(host.path, host.offset, blob.size, collect);
    return collect(bufferSource(compression ? zlib().gunzipSync(blob.read()) : blob.read()));
  } catch (err) {
    return fail(`${what} is not a readable tar: ${(err as Error).message}`);
  }
}

async function headOf(blob: Blob): Promise<Buffer> {
  return blob.host ? readFileRange(blob.host.path, blob.host.offset, 6) : blob.read().subarray(0, 6);
}

function addEntry(tree: FsTree, { path, entry, content }: LayerEntry, what: string): void {
  const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid };
  if (path === '/') {
    if (entry.type === 'dir') tree.setDirMeta('/', meta);
    return;
  }
  const real = joinPath(ensureDir(tree, tree.resolve(parentOf(path), true), what), baseName(path));
  const existing = tree.get(real);
  if (isRegular(entry)) {
    tree.set(real, { type: 'file', ...meta, content: content! });
    return;
  }
  switch (entry.type) {
    case 'dir':
      if (existing?.type === 'dir') tree.setDirMeta(real, meta);
      else tree.set(real, { type: 'dir', ...meta, children: new Map(), owner: undefined });
      return;
    case 'symlink':
      tree.set(real, { type: 'symlink', ...meta, target: entry.linkname });
      return;
    case 'hardlink':
      tree.set(real, hardLink(tree, entry.linkname, what));
      return;
    default:
      // Devices and fifos have no node in the tree, so they are left out (base images seldom hold one).
      return;
  }
}

/** A hard link shares its target's content, metadata and link group (link(2) does not follow the last component). */
function hardLink(tree: FsTree, linkname: string, what: string): Node {
  const targetPath = tree.resolve(linkname, false);
  const target = tree.get(targetPath);
  if (target?.type === 'symlink') return target;
  if (target?.type !== 'file') return fail(`${what}: hard link to ${linkname}, which is ${target ? 'a directory' : 'missing'}`);
  if (target.linkGroup) return target;
  const linked: FileNode = { ...target, linkGroup: {} };
  tree.set(targetPath, linked);
  return linked;
}

/** Makes every missing directory of a real path (0755 0:0, as Docker's layer store does). */
function ensureDir(tree: FsTree, dir: string, what: string): string {
  let path = '';
  for (const name of components(dir)) {
    path += `/${name}`;
    const node = tree.get(path);
    if (node === undefined) tree.set(path, emptyDir());
    else if (node.type !== 'dir') fail(`${what}: ${path} is not a directory, but the layer has entries below it`);
  }
  return path || '/';
}

function emptyDir(): DirNode {
  return { type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined };
}
