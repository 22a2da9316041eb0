import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageArchive } from '../../../src/images/loadImageArchive.js';
import { DockerfileError } from '../../../src/model/errors.js';
import { formatTreeLine } from '../../../src/report/formatTree.js';
import { treeEntries } from '../../../src/report/treeEntries.js';
import type { FsTree } from '../../../src/fs/tree.js';
import { dockerSaveLegacy, makeTar, ociBlob, ociLayout, tarOf, writeDir, type ImageSpec } from './archives.js';

const work = mkdtempSync(join(tmpdir(), 'dfsim-load-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer): string => {
  const path = join(work, `archive-${++n}.tar`);
  writeFileSync(path, bytes);
  return path;
};

const lines = (tree: FsTree): string[] => treeEntries(tree).map((e) => formatTreeLine(e));
const text = (tree: FsTree, path: string): string => {
  const node = tree.get(path);
  if (node?.type !== 'file') throw new Error(`${path} is not a file`);
  return node.content.bytes().toString();
};

/** A base layer and a layer that deletes, hides, links and reorders over it (uncompressed). */
async function twoLayers(): Promise<Buffer[]> {
  const base = await makeTar([
    { name: './', type: 'directory', mode: 0o755 },
    { name: './bin/', type: 'directory' },
    { name: './bin/busybox', mode: 0o4755, content: 'BB' },
    { name: './bin/sh', type: 'symlink', linkname: 'busybox', mode: 0o777 },
    { name: './etc/', type: 'directory' },
    { name: './etc/passwd', content: 'root:x:0:0\n' },
    { name: './etc/shadow', mode: 0o640, gid: 42, content: 'root:*\n' },
    { name: './etc/gone', content: 'x' },
    { name: './opq/', type: 'directory', mode: 0o700, uid: 1000, gid: 1000 },
    { name: './opq/old', content: 'old' },
    { name: './opq/olddir/', type: 'directory' },
    { name: './opq/olddir/deep', content: 'deep' },
    { name: './tmp/', type: 'directory', mode: 0o1777 },
    { name: './usr/', type: 'directory' },
    { name: './usr/lib/', type: 'directory' },
    { name: './lib', type: 'symlink', linkname: 'usr/lib' },
    { name: './zero', mode: 0, content: '' },
  ]);
  const top = await makeTar([
    { name: 'etc/.wh.gone' },
    // Listed before the opaque marker, as a tar sorted by name has it: kept all the same.
    { name: 'opq/', type: 'directory', mode: 0o750, uid: 1000, gid: 1000 },
    { name: 'opq/.keep', content: 'k' },
    { name: 'opq/.wh..wh..opq' },
    { name: 'opq/new', content: 'new' },
    { name: 'opq/olddir/', type: 'directory' },
    // Out of order: the file comes before its directory, whose entry then sets its metadata.
    { name: 'late/sub/file', content: 'late', uid: 7, gid: 8 },
    { name: 'late/', type: 'directory', mode: 0o711, uid: 1, gid: 2 },
    // A hard link to a file of the layer below and a second one to the same file.
    { name: 'bin/ash', type: 'link', linkname: 'bin/busybox', mode: 0o4755 },
    { name: 'bin/hush', type: 'link', linkname: './bin/busybox', mode: 0o4755 },
    // Its parent is a symlink of the layer below: it lands where the link points.
    { name: 'lib/libc.so', content: 'libc' },
    { name: 'big', content: 'b', pax: { uid: '3000000', gid: '4000000' } },
    // AUFS metadata: never part of the tree.
    { name: '.wh..wh.plnk/', type: 'directory' },
  ]);
  return [base, top];
}

const TWO_LAYER_TREE = [
  '-rw-r--r-- 3000000:4000000 1 /big',
  'drwxr-xr-x 0:0 /bin/',
  // The first path of a link group in walk order is the file, whichever the layer made first.
  '-rwsr-xr-x 0:0 2 /bin/ash',
  'hrwsr-xr-x 0:0 /bin/busybox => /bin/ash',
  'hrwsr-xr-x 0:0 /bin/hush => /bin/ash',
  'lrwxrwxrwx 0:0 /bin/sh -> busybox',
  'drwxr-xr-x 0:0 /etc/',
  '-rw-r--r-- 0:0 11 /etc/passwd',
  '-rw-r----- 0:42 7 /etc/shadow',
  'drwx--x--x 1:2 /late/',
  'drwxr-xr-x 0:0 /late/sub/',
  '-rw-r--r-- 7:8 4 /late/sub/file',
  'lrwxrwxrwx 0:0 /lib -> usr/lib',
  'drwxr-x--- 1000:1000 /opq/',
  '-rw-r--r-- 0:0 1 /opq/.keep',
  '-rw-r--r-- 0:0 3 /opq/new',
  'drwxr-xr-x 0:0 /opq/olddir/',
  'drwxrwxrwt 0:0 /tmp/',
  'drwxr-xr-x 0:0 /usr/',
  'drwxr-xr-x 0:0 /usr/lib/',
  '-rw-r--r-- 0:0 4 /usr/lib/libc.so',
  '---------- 0:0 0 /zero',
];

const CONFIG = { Env: ['PATH=/usr/bin'], Cmd: ['sh'], Hostname: '', Labels: null };
const HISTORY = [
  { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
  { created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
  { created_by: 'RUN /bin/sh -c x # buildkit', comment: 'buildkit.dockerfile.v0' },
];

/** The two layers, the top one gzip-compressed. */
async function image(tags: string[]): Promise<ImageSpec> {
  const [base, top] = await twoLayers();
  return { tags, layers: [base!, gzipSync(top!)], config: CONFIG, history: HISTORY };
}

describe('loadImageArchive', () => {
  it('applies layers from a legacy docker save archive', async () => {
    const loaded = await loadImageArchive(file(await dockerSaveLegacy([await image(['busybox:latest'])])));
    expect(lines(loaded.tree)).toEqual(TWO_LAYER_TREE);
    expect(loaded.ref).toBe('busybox:latest');
    expect(loaded.layerCount).toBe(2);
    expect(loaded.config).toEqual(CONFIG);
    expect(loaded.history).toEqual([
      { createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', emptyLayer: true },
      { createdBy: 'RUN /bin/sh -c x # buildkit', emptyLayer: false, comment: 'buildkit.dockerfile.v0' },
    ]);
    expect(loaded.tree.rootNode()).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(text(loaded.tree, '/bin/hush')).toBe('BB');
    expect(text(loaded.tree, '/usr/lib/libc.so')).toBe('libc');
  });

  it('gives hard links one content and one link group', async () => {
    const { tree } = await loadImageArchive(file(await dockerSaveLegacy([await image([])])));
    const [a, b, c] = ['/bin/ash', '/bin/busybox', '/bin/hush'].map((p) => tree.get(p));
    expect(a?.type === 'file' && b?.type === 'file' && c?.type === 'file').toBe(true);
    if (a?.type !== 'file' || b?.type !== 'file' || c?.type !== 'file') return;
    expect(a.linkGroup).toBeDefined();
    expect(a.linkGroup).toBe(b.linkGroup);
    expect(c.linkGroup).toBe(b.linkGroup);
    expect(a.content).toBe(b.content);
  });

  it('reads the OCI layout Docker 26 saves, keeping plain layer files in the archive', async () => {
    const path = file(await tarOf(ociLayout([{ ...(await image(['docker.io/library/busybox:latest'])), layers: await twoLayers() }])));
    const loaded = await loadImageArchive(path, 'busybox');
    expect(lines(loaded.tree)).toEqual(TWO_LAYER_TREE);
    expect(loaded.ref).toBe('busybox');
    expect(loaded.config).toEqual(CONFIG);
    expect(text(loaded.tree, '/etc/passwd')).toBe('root:x:0:0\n');
    rmSync(path);
    // The bytes were never copied out: with the archive gone, reading fails.
    expect(() => text(loaded.tree, '/etc/passwd')).toThrow(/ENOENT/);
  });

  it('buffers the files of a gzip-compressed layer', async () => {
    const path = file(await tarOf(ociLayout([await image(['busybox:latest'])])));
    const loaded = await loadImageArchive(path);
    rmSync(path);
    expect(text(loaded.tree, '/opq/new')).toBe('new');
    expect(() => text(loaded.tree, '/etc/passwd')).toThrow(/ENOENT/);
  });

  it('reads a gzip-compressed archive', async () => {
    const loaded = await loadImageArchive(file(gzipSync(await dockerSaveLegacy([await image(['busybox:1'])]))));
    expect(lines(loaded.tree)).toEqual(TWO_LAYER_TREE);
    expect(loaded.ref).toBe('busybox:1');
  });

  it('reads an OCI image layout directory with gzip layers', async () => {
    const dir = mkdtempSync(join(work, 'oci-'));
    const spec = { ...(await image(['example.com/team/app:2'])), layers: await twoLayers() };
    writeDir(dir, ociLayout([spec], { manifestJson: false, gzipLayers: true }));
    const loaded = await loadImageArchive(dir, 'example.com/team/app:2');
    expect(lines(loaded.tree)).toEqual(TWO_LAYER_TREE);
    expect(loaded.history).toHaveLength(3);
  });

  it('follows an image index to the linux image of this machine, past attestations', async () => {
    const dir = mkdtempSync(join(work, 'oci-'));
    const blobs = ociLayout([await image([])], { manifestJson: false });
    const index = JSON.parse(blobs.find((b) => b.name === 'index.json')!.content.toString()) as { manifests: object[] };
    const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
    const other = ociBlob(Buffer.from('{"schemaVersion":2,"config":{"digest":"sha256:00"},"layers":[]}'));
    const inner = ociBlob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            { ...other.descriptor('application/vnd.oci.image.manifest.v1+json'), platform: { os: 'linux', architecture: 'mips64' } },
            { ...index.manifests[0], platform: { os: 'unknown', architecture: 'unknown' } },
            { ...index.manifests[0], platform: { os: 'linux', architecture: arch } },
          ],
        }),
      ),
    );
    const outer = { schemaVersion: 2, manifests: [{ ...inner.descriptor('application/vnd.oci.image.index.v1+json'), annotations: { 'org.opencontainers.image.ref.name': 'multi:1' } }] };
    writeDir(dir, [...blobs.filter((b) => b.name !== 'index.json'), other, inner, { name: 'index.json', content: Buffer.from(JSON.stringify(outer)) }]);
    const loaded = await loadImageArchive(dir, 'docker.io/library/multi:1');
    expect(lines(loaded.tree)).toEqual(TWO_LAYER_TREE);
  });

  it('picks the image a reference names among several, however it is spelt', async () => {
    const other = { tags: ['node:16'], layers: [await makeTar([{ name: 'node', content: 'js' }])], config: { Cmd: ['node'] } };
    for (const path of [
      file(await dockerSaveLegacy([await image(['busybox:latest']), other])),
      file(await tarOf(ociLayout([await image(['docker.io/library/busybox:latest']), { ...other, tags: ['docker.io/library/node:16'] }]))),
    ]) {
      const node = await loadImageArchive(path, 'docker.io/library/node:16');
      expect(lines(node.tree)).toEqual(['-rw-r--r-- 0:0 2 /node']);
      expect(node.config).toEqual({ Cmd: ['node'] });
      expect((await loadImageArchive(path, 'node:16')).ref).toBe('node:16');
      expect(lines((await loadImageArchive(path, 'busybox')).tree)).toEqual(TWO_LAYER_TREE);
      await expect(loadImageArchive(path)).rejects.toThrow(/holds 2 images \((docker\.io\/library\/)?busybox:latest; (docker\.io\/library\/)?node:16\); name one/);
      await expect(loadImageArchive(path, 'node:18')).rejects.toThrow(/none is tagged node:18/);
    }
  });

  it('takes the only image whatever reference is asked for, and names an untagged one by its config digest', async () => {
    const path = file(await dockerSaveLegacy([await image([])]));
    expect((await loadImageArchive(path, 'anything:1')).ref).toBe('anything:1');
    expect((await loadImageArchive(path)).ref).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('applies layers Docker 26.1 wrote for RUN steps (real whiteouts, opaque dirs, hard links)', async () => {
    // Layers 2-4 of `docker save` after these steps FROM a busybox image (engine 26.1.5, overlay2):
    //   RUN mkdir -p /d/sub /e && echo a > /d/a && echo b > /d/sub/b && echo keep > /keep && ln /keep /keep-hl
    //       && chmod 4755 /keep && echo x > /e/x && ln -s /d/a /e/dangling-later
    //   RUN rm /d/a && rm -rf /d/sub && mkdir /d/sub && echo new > /d/sub/new && chown 1234:5678 /d/sub/new && rm /keep-hl
    //   RUN rm -rf /e && mkdir /e && echo fresh > /e/fresh && ln /d/sub/new /e/hl-new && mkdir -m 1777 /e/tmp
    const layers = [1, 2, 3].map((i) => readFileSync(new URL(`fixtures/docker26-run-layer${i}.tar`, import.meta.url)));
    const loaded = await loadImageArchive(file(await tarOf(ociLayout([{ tags: ['t:1'], layers }]))));
    expect(lines(loaded.tree)).toEqual([
      'drwxr-xr-x 0:0 /d/',
      'drwxr-xr-x 0:0 /d/sub/',
      '-rw-r--r-- 1234:5678 4 /d/sub/new',
      'drwxr-xr-x 0:0 /e/',
      '-rw-r--r-- 0:0 6 /e/fresh',
      'hrw-r--r-- 1234:5678 /e/hl-new => /d/sub/new',
      'drwxrwxrwt 0:0 /e/tmp/',
      'drwxr-xr-x 0:0 /etc/',
      '-rwsr-xr-x 0:0 5 /keep',
    ]);
    expect(text(loaded.tree, '/e/hl-new')).toBe('new\n');
  });

  it('fails with missing-image errors that say what is wrong', async () => {
    const reject = async (promise: Promise<unknown>, message: RegExp): Promise<void> => {
      const err = await promise.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(DockerfileError);
      expect((err as DockerfileError).code).toBe('missing-image');
      expect((err as DockerfileError).message).toMatch(message);
    };
    await reject(loadImageArchive(join(work, 'nope.tar')), /^cannot read image archive .*nope\.tar: ENOENT/);
    await reject(loadImageArchive(file(await makeTar([{ name: 'hello', content: 'x' }]))), /neither manifest\.json nor index\.json/);
    await reject(loadImageArchive(file(Buffer.from('this is not a tar file at all, but long enough to look at'.repeat(20)))), /cannot read image archive/);
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    await reject(loadImageArchive(file(await dockerSaveLegacy([{ layers: [zstd] }]))), /layer 1 .* is zstd-compressed/);
    const dangling = await makeTar([{ name: 'a', type: 'link', linkname: 'missing' }]);
    await reject(loadImageArchive(file(await dockerSaveLegacy([{ layers: [dangling] }]))), /hard link to missing, which is missing/);
    const underFile = await makeTar([{ name: 'f', content: 'x' }, { name: 'f/g', content: 'y' }]);
    await reject(loadImageArchive(file(await dockerSaveLegacy([{ layers: [underFile] }]))), /\/f is not a directory/);
    await reject(loadImageArchive(file(await dockerSaveLegacy([]))), /holds no image/);
    const truncated = gzipSync(await dockerSaveLegacy([{ layers: [] }])).subarray(0, 40);
    await reject(loadImageArchive(file(truncated)), /^cannot read image archive .*: unexpected end of file/);
  });
});
