import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageArchive } from '../../../src/images/loadImageArchive.js';
import { writeImageTar, writeLocalDir } from '../../../src/report/writeTar.js';
import { ociLayout, writeDir } from '../images/archives.js';
import { makeTree } from './trees.js';

const work = mkdtempSync(join(tmpdir(), 'dfsim-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(work, `out-${++n}`);

async function tarBytes(tree: Parameters<typeof writeImageTar>[0], options?: Parameters<typeof writeImageTar>[2]): Promise<Buffer> {
  const path = `${fresh()}.tar`;
  await writeImageTar(tree, path, options);
  return readFileSync(path);
}

interface Parsed {
  header: Record<string, unknown>;
  content: string;
}

async function parse(bytes: Buffer): Promise<Parsed[]> {
  const extract = tar.extract();
  Readable.from([bytes]).pipe(extract);
  const out: Parsed[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const { name, type, mode, uid, gid, size, mtime, linkname, uname, gname, devmajor, devminor, pax } = entry.header;
    out.push({ header: { name, type, mode, uid, gid, size, mtime: mtime.getTime(), linkname, uname, gname, devmajor, devminor, pax }, content: Buffer.concat(chunks).toString('latin1') });
  }
  return out;
}

const h = (name: string, type: string, mode: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, type, mode, uid: 0, gid: 0, size: 0, mtime: 0, linkname: null, uname: '', gname: '', devmajor: 0, devminor: 0, pax: null, ...extra,
});

/** What Docker 26.1.5's BuildKit tar exporter wrote for the build described in the first test. */
const GOLDEN = readFileSync(new URL('fixtures/buildkit-scratch.tar', import.meta.url));

describe('writeImageTar', () => {
  it('writes the bytes BuildKit writes (Docker 26.1.5, SOURCE_DATE_EPOCH=0)', async () => {
    // The fixture is `DOCKER_BUILDKIT=1 docker build --network=none --build-arg SOURCE_DATE_EPOCH=0
    // -o type=tar,dest=F .` of
    //   FROM scratch
    //   COPY app /app
    //   COPY --chown=1000:1001 --chmod=2750 app/a.txt /own/a.txt
    //   COPY --chown=3000000:4000000 app/sub/b /big/b
    // with app/ holding: hard links, a setuid file, a mode-000 file, sticky and setgid dirs,
    // non-ASCII names and link targets, a 120-byte link target, paths of 160 and 280 bytes.
    // Loaded back as a layer, the tree must be written byte for byte the same.
    const dir = fresh();
    writeDir(dir, ociLayout([{ layers: [GOLDEN] }], { manifestJson: false }));
    const { tree } = await loadImageArchive(dir);
    expect((await tarBytes(tree)).equals(GOLDEN)).toBe(true);
  });

  it('writes every header field as Go\'s archive/tar does for BuildKit', async () => {
    const long = 'd'.repeat(60);
    const tree = makeTree([
      { dir: '/app', uid: 1000, gid: 1001 },
      { file: '/app/a.txt', content: 'hello\n', uid: 1000, gid: 1001 },
      { link: '/app/hl.txt', to: '/app/a.txt' },
      { symlink: '/app/link', target: 'a.txt' },
      { file: '/app/suid', content: 'x', mode: 0o4755 },
      { file: '/app/none', mode: 0 },
      { dir: '/app/tmp', mode: 0o1777 },
      { dir: `/app/${long}` },
      { file: `/app/${long}/${long}`, content: 'long' },
      { file: '/app/ünï', content: 'u' },
      { symlink: '/app/far', target: `/${'t'.repeat(120)}` },
      { file: '/big', content: 'b', uid: 3000000, gid: 7 },
    ]);
    const parsed = await parse(await tarBytes(tree));
    expect(parsed.map((p) => p.header)).toEqual([
      h('app/', 'directory', 0o755, { uid: 1000, gid: 1001 }),
      h('app/a.txt', 'file', 0o644, { uid: 1000, gid: 1001, size: 6 }),
      h(`app/${long}/`, 'directory', 0o755),
      h(`app/${long}/${long}`, 'file', 0o644, { size: 4 }),
      h('app/far', 'symlink', 0o777, { linkname: `/${'t'.repeat(120)}`, pax: { linkpath: `/${'t'.repeat(120)}` } }),
      h('app/hl.txt', 'link', 0o644, { uid: 1000, gid: 1001, linkname: 'app/a.txt' }),
      h('app/link', 'symlink', 0o777, { linkname: 'a.txt' }),
      h('app/none', 'file', 0),
      h('app/suid', 'file', 0o4755, { size: 1 }),
      h('app/tmp/', 'directory', 0o1777),
      h('app/ünï', 'file', 0o644, { size: 1, pax: { path: 'app/ünï' } }),
      // tar-stream does not apply a PAX uid to the header: the octal field holds 0, as Go writes it.
      h('big', 'file', 0o644, { size: 1, uid: 0, gid: 7, pax: { uid: '3000000' } }),
    ]);
    expect(parsed.map((p) => p.content)).toEqual(['', 'hello\n', '', 'long', '', '', '', '', 'x', '', 'u', 'b']);
  });

  it('writes Go\'s field encodings: zero-padded octal with NUL, checksum "NNNNNN\\0 ", USTAR prefix split', async () => {
    const long = `${'p'.repeat(99)}/${'q'.repeat(60)}`;
    const bytes = await tarBytes(makeTree([{ dir: `/${'p'.repeat(99)}` }, { file: `/${long}`, content: 'z', mode: 0o640 }]));
    const second = bytes.subarray(512, 1024);
    const field = (from: number, to: number): string => second.subarray(from, to).toString('latin1');
    expect(field(0, 100)).toBe('q'.repeat(60) + '\0'.repeat(40));
    expect(field(100, 108)).toBe('0000640\0');
    expect(field(124, 136)).toBe('00000000001\0');
    expect(field(136, 148)).toBe('00000000000\0');
    expect(field(148, 156)).toMatch(/^[0-7]{6}\0 $/);
    expect(field(257, 265)).toBe('ustar\x0000');
    expect(field(329, 345)).toBe('0000000\0'.repeat(2));
    expect(field(345, 500)).toBe('p'.repeat(99) + '\0'.repeat(56));
    expect(bytes.length).toBe(512 * 3 + 1024); // two headers, one data block, the end
    expect(bytes.subarray(-1024).equals(Buffer.alloc(1024))).toBe(true);
  });

  it('stamps every entry with the epoch given, and checks it', async () => {
    const tree = makeTree([{ dir: '/d' }, { file: '/d/f', content: 'x' }, { symlink: '/s', target: 'd' }]);
    const parsed = await parse(await tarBytes(tree, { epoch: 1700000000 }));
    expect(parsed.map((p) => p.header.mtime)).toEqual([1700000000000, 1700000000000, 1700000000000]);
    await expect(writeImageTar(tree, fresh(), { epoch: -1 })).rejects.toThrow(RangeError);
    await expect(writeImageTar(tree, fresh(), { epoch: 1.5 })).rejects.toThrow('epoch must be a whole number');
  });

  it('writes to a stream without ending it', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await writeImageTar(makeTree([{ file: '/f', content: 'data' }]), stream);
    expect(stream.writableEnded).toBe(false);
    stream.end();
    expect((await parse(Buffer.concat(chunks))).map((p) => [p.header.name, p.content])).toEqual([['f', 'data']]);
  });

  it('writes an empty tree as the two end blocks', async () => {
    expect((await tarBytes(makeTree([]))).equals(Buffer.alloc(1024))).toBe(true);
  });

  it('refuses a file whose content is not known', async () => {
    await expect(writeImageTar(makeTree([{ file: '/u', content: 'abc', unknown: true }]), fresh())).rejects.toThrow('cannot export /u: its content is not known');
  });
});

describe('writeLocalDir', () => {
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  const tree = makeTree([
    { dir: '/app', uid: 1000, gid: 1000 },
    { file: '/app/a.txt', content: 'hello\n', uid: 1000, gid: 1000 },
    { link: '/app/hl.txt', to: '/app/a.txt' },
    { symlink: '/app/link', target: '/etc/passwd' },
    { file: '/app/suid', content: 'x', mode: 0o4755 },
    { file: '/app/none', mode: 0 },
    { dir: '/app/ro', mode: 0o555 },
    { file: '/app/ro/inside', content: 'ro' },
    { dir: '/app/tmp', mode: 0o1777 },
  ]);

  it('writes files as the docker CLI does: image modes, own user, links kept, times at the epoch', () => {
    const dir = fresh();
    writeLocalDir(tree, dir);
    const describeEntry = (rel: string): string => {
      const st = lstatSync(join(dir, rel));
      const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f';
      return `${type} ${(st.mode & 0o7777).toString(8)} ${st.uid === process.getuid!() && st.gid === process.getgid!() ? 'me' : `${st.uid}:${st.gid}`} ${st.mtimeMs} ${rel}`;
    };
    const rels = ['app', 'app/a.txt', 'app/hl.txt', 'app/link', 'app/none', 'app/ro', 'app/ro/inside', 'app/suid', 'app/tmp'];
    expect(rels.map(describeEntry)).toEqual([
      'd 755 me 0 app',
      'f 644 me 0 app/a.txt',
      'f 644 me 0 app/hl.txt',
      'l 777 me 0 app/link',
      'f 0 me 0 app/none',
      'd 555 me 0 app/ro',
      'f 644 me 0 app/ro/inside',
      'f 4755 me 0 app/suid',
      'd 1777 me 0 app/tmp',
    ]);
    expect(statSync(join(dir, 'app/hl.txt')).ino).toBe(statSync(join(dir, 'app/a.txt')).ino);
    expect(readlinkSync(join(dir, 'app/link'))).toBe('/etc/passwd');
    expect(sha(readFileSync(join(dir, 'app/a.txt')))).toBe(sha(Buffer.from('hello\n')));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('merges into what the directory holds, replacing entries and never writing through a symlink', () => {
    const dir = fresh();
    const outside = fresh();
    mkdirSync(outside);
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    symlinkSync(outside, join(dir, 'app')); // where the tree has a directory
    mkdirSync(join(outside, 'x'));
    writeLocalDir(makeTree([{ dir: '/app' }, { file: '/app/a.txt', content: 'new' }, { file: '/x', content: 'f' }, { dir: '/y' }]), dir);
    symlinkSync(join(outside, 'victim'), join(dir, 'app/b.txt')); // where the tree has a file
    writeFileSync(join(outside, 'victim'), 'untouched');
    writeLocalDir(makeTree([{ dir: '/app' }, { file: '/app/b.txt', content: 'b' }]), dir, { epoch: 5 });
    expect(readdirSync(outside)).toEqual(['victim', 'x']);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('untouched');
    expect(lstatSync(join(dir, 'app')).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['app', 'keep.txt', 'x', 'y']);
    expect(readdirSync(join(dir, 'app')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(dir, 'app/b.txt'), 'utf8')).toBe('b');
    expect(statSync(join(dir, 'app/b.txt')).mtimeMs).toBe(5000);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    // A directory where a file was, and a file where a directory was.
    writeLocalDir(makeTree([{ dir: '/keep.txt' }, { file: '/y', content: 'file now' }]), dir);
    expect(lstatSync(join(dir, 'keep.txt')).isDirectory()).toBe(true);
    expect(readFileSync(join(dir, 'y'), 'utf8')).toBe('file now');
  });
});
