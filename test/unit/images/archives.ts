import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** Test helpers: tars made with tar-stream, and the image archive layouts Docker reads. */

export interface TarEntry {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly linkname?: string;
  readonly content?: string | Buffer;
  readonly pax?: Record<string, string>;
}

const TYPE_BITS = { file: 0o100000, directory: 0o040000, symlink: 0o120000, link: 0o100000 };

export async function makeTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    // tar-stream replaces a zero mode with its default; a file-type bit keeps it (the header gets mode & 07777).
    const mode = (e.mode ?? (type === 'directory' ? 0o755 : 0o644)) | TYPE_BITS[type];
    const header = { name: e.name, type, mode, uid: e.uid ?? 0, gid: e.gid ?? 0, mtime: new Date(0), linkname: e.linkname, ...(e.pax ? { pax: e.pax } : {}) };
    if (type === 'file') pack.entry(header, typeof e.content === 'string' ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0)));
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ImageSpec {
  readonly tags?: readonly string[];
  readonly layers: readonly Buffer[];
  /** The config JSON's `config` field. */
  readonly config?: object;
  readonly history?: readonly object[];
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function configJson(image: ImageSpec): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: image.config ?? {},
      history: image.history ?? [],
      rootfs: { type: 'layers', diff_ids: image.layers.map((l) => `sha256:${sha256(l)}`) },
    }),
  );
}

/** `docker save` of Docker ≤ 24: `<id>/layer.tar`, `<config id>.json`, manifest.json, repositories. */
export async function dockerSaveLegacy(images: readonly ImageSpec[]): Promise<Buffer> {
  const entries: TarEntry[] = [];
  const manifest = images.map((image) => {
    const config = configJson(image);
    const configName = `${sha256(config)}.json`;
    entries.push({ name: configName, content: config });
    const layers = image.layers.map((layer, i) => {
      const id = sha256(Buffer.concat([config, Buffer.from(String(i))]));
      entries.push({ name: `${id}/`, type: 'directory' }, { name: `${id}/VERSION`, content: '1.0' }, { name: `${id}/layer.tar`, content: layer });
      return `${id}/layer.tar`;
    });
    return { Config: configName, RepoTags: image.tags ?? null, Layers: layers };
  });
  entries.push({ name: 'manifest.json', content: JSON.stringify(manifest) }, { name: 'repositories', content: '{}' });
  return makeTar(entries);
}

interface Blob {
  readonly name: string;
  readonly content: Buffer;
}

function blob(content: Buffer): Blob & { descriptor(mediaType: string): object } {
  const hex = sha256(content);
  return {
    name: `blobs/sha256/${hex}`,
    content,
    descriptor: (mediaType) => ({ mediaType, digest: `sha256:${hex}`, size: content.length }),
  };
}

/**
 * The OCI layout Docker 25+ saves (index.json, oci-layout, blobs) with its manifest.json; with
 * `manifestJson: false`, an OCI image layout alone, as other tools write it.
 */
export function ociLayout(images: readonly ImageSpec[], options: { manifestJson?: boolean; gzipLayers?: boolean } = {}): Blob[] {
  const blobs: Blob[] = [];
  const index: object[] = [];
  const manifest: object[] = [];
  for (const image of images) {
    const config = blob(configJson(image));
    const layers = image.layers.map((l) => blob(options.gzipLayers ? gzipSync(l) : l));
    const mediaType = options.gzipLayers ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar';
    const imageManifest = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: config.descriptor('application/vnd.oci.image.config.v1+json'),
          layers: layers.map((l) => l.descriptor(mediaType)),
        }),
      ),
    );
    blobs.push(config, ...layers, imageManifest);
    const [tag] = image.tags ?? [];
    index.push({
      ...imageManifest.descriptor('application/vnd.oci.image.manifest.v1+json'),
      ...(tag ? { annotations: { 'io.containerd.image.name': tag, 'org.opencontainers.image.ref.name': tag.slice(tag.lastIndexOf(':') + 1) } } : {}),
    });
    manifest.push({ Config: config.name, RepoTags: image.tags ?? [], Layers: layers.map((l) => l.name) });
  }
  blobs.push(
    { name: 'index.json', content: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index })) },
    { name: 'oci-layout', content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
  );
  if (options.manifestJson !== false) blobs.push({ name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest)) });
  return blobs;
}

export async function tarOf(blobs: readonly Blob[]): Promise<Buffer> {
  const dirs = new Set(blobs.flatMap((b) => (b.name.startsWith('blobs/') ? ['blobs/', 'blobs/sha256/'] : [])));
  return makeTar([...[...dirs].map((name) => ({ name, type: 'directory' as const })), ...blobs.map((b) => ({ name: b.name, content: b.content }))]);
}

export function writeDir(dir: string, blobs: readonly Blob[]): void {
  for (const b of blobs) {
    mkdirSync(join(dir, b.name, '..'), { recursive: true });
    writeFileSync(join(dir, b.name), b.content);
  }
}

export { blob as ociBlob };
