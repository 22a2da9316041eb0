/**
 * ADD of hostile local archives: gzip and xz bombs, too many members, deep member names,
 * absolute and `..` names, links out of the destination, lying headers, names that are not UTF-8.
 * Extraction stays inside the image (an in-memory tree: nothing on the host is ever written) and
 * inside the destination, and every limit fails with a message naming it.
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulate, imageFs, inlineImage, type BuilderMode, type ContextFiles, type LoadedImage } from '../../src/index.js';
import { EVIL_TAR, paxRecords, tar } from '../fuzz/tar.js';
import { tarOf } from './helpers.js';

const BUILDERS: BuilderMode[] = ['buildkit', 'classic'];
const MiB = 1024 * 1024;

const zeros = (n: number): Buffer => Buffer.alloc(n);
/** A tar holding one file of `size` zero bytes: compresses about 1000:1. */
const zeroTar = (size: number): Buffer => tar([{ name: 'zeros', data: zeros(size) }]);
const hasXz = spawnSync('xz', ['--version']).status === 0;
const xz = (data: Buffer): Buffer => spawnSync('xz', ['-c', '-T1'], { input: data, maxBuffer: 64 * MiB }).stdout;

let base: LoadedImage;
beforeAll(() => {
  base = inlineImage({ files: { '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n', '/etc/group': 'root:x:0:\n' } });
});

const add = (files: ContextFiles, dockerfile: string, builder: BuilderMode = 'buildkit', limits = {}) =>
  emulate({ context: files, dockerfile, builder, images: { base }, limits });

describe.each(BUILDERS)('ADD of hostile archives with %s', (builder) => {
  it('fails a gzip bomb on archiveBytes, naming the limit, without inflating it all', async () => {
    const bomb = gzipSync(zeroTar(64 * MiB));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const cpu = process.cpuUsage();
    const r = await add({ 'bomb.tar.gz': bomb }, 'FROM scratch\nADD bomb.tar.gz /x/\n', builder, { archiveBytes: MiB });
    const used = process.cpuUsage(cpu);
    expect(r.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 2 } } });
    expect(r.failure?.message).toMatch(/limit archiveBytes; raise it with emulate\(\{ limits: \{ archiveBytes: N \} \}\) or --limit archiveBytes=N/);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });

  it.runIf(hasXz)('fails an xz bomb on archiveBytes', async () => {
    const bomb = xz(zeroTar(16 * MiB));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = await add({ 'bomb.tar.xz': bomb }, 'FROM scratch\nADD bomb.tar.xz /x/\n', builder, { archiveBytes: MiB });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/limit archiveBytes/);
    const ok = await add({ 'bomb.tar.xz': bomb }, 'FROM scratch\nADD bomb.tar.xz /x/\n', builder);
    expect(ok.tree.find((e) => e.path === '/x/zeros')).toMatchObject({ size: 16 * MiB });
  });

  it('extracts the same archive under the default limits', async () => {
    const r = await add({ 'bomb.tar.gz': gzipSync(zeroTar(8 * MiB)) }, 'FROM scratch\nADD bomb.tar.gz /x/\n', builder);
    expect(r.status).toBe('success');
    expect(r.tree.find((e) => e.path === '/x/zeros')).toMatchObject({ size: 8 * MiB });
  });

  it('counts archiveBytes over the whole build, not per ADD', async () => {
    const files = { 'a.tar': zeroTar(600 * 1024) };
    const once = await add(files, 'FROM scratch\nADD a.tar /1/\n', builder, { archiveBytes: MiB });
    expect(once.status).toBe('success');
    const twice = await add(files, 'FROM scratch\nADD a.tar /1/\nADD a.tar /2/\n', builder, { archiveBytes: MiB });
    expect(twice.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 3 } } });
  });

  it('copies a large gzip that is no tar as it is, reading only its start', async () => {
    const notTar = gzipSync(Buffer.alloc(32 * MiB, 'x'));
    const r = await add({ 'data.gz': notTar }, 'FROM scratch\nADD data.gz /x/\n', builder, { archiveBytes: MiB });
    expect(r.status).toBe('success');
    expect(r.tree.find((e) => e.path === '/x/data.gz')).toMatchObject({ size: notTar.length });
  });

  it('fails too many members on archiveEntries', async () => {
    const many = tar(Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}`, data: '' })));
    const r = await add({ 'many.tar': many }, 'FROM scratch\nADD many.tar /x/\n', builder, { archiveEntries: 1000 });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/archive members ADD extracted in this build: more than 1000 \(limit archiveEntries/);
    const ok = await add({ 'many.tar': many }, 'FROM scratch\nADD many.tar /x/\n', builder);
    expect(ok.tree.length).toBe(3001);
  });

  it('fails a member name deeper than pathDepth', async () => {
    const deep = tar([{ name: 'x', type: 'x', data: paxRecords({ path: 'd/'.repeat(5000) + 'f' }) }, { name: 'ignored', data: 'deep\n' }]);
    const r = await add({ 'deep.tar': deep }, 'FROM scratch\nADD deep.tar /x/\n', builder);
    expect(r.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 2 } } });
    expect(r.failure?.message).toMatch(/limit pathDepth/);
  });

  it('keeps absolute, `..` and link-borne member names inside the destination', async () => {
    const r = await add({ 'evil.tar': EVIL_TAR }, 'FROM base\nADD evil.tar /x/\n', builder);
    expect(r.status).toBe('success');
    const added = r.tree.filter((e) => !['/etc', '/etc/passwd', '/etc/group'].includes(e.path)).map((e) => e.path);
    expect(added.every((p) => p === '/x' || p.startsWith('/x/'))).toBe(true);
    expect(added).toEqual(expect.arrayContaining(['/x/abs.txt', '/x/up.txt', '/x/etc/passwd', '/x/escaped.txt', '/x/hard', '/x/pax-escape.txt']));
    const fs = imageFs(r);
    expect(fs.readFileSync('/etc/passwd', 'utf8')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    // The hard link names the image's own /x/etc/passwd (the chroot), never the host's.
    expect(fs.readFileSync('/x/hard', 'utf8')).toBe('through a symlink\n');
  });

  it('fails a hard link to a path missing in the destination, located', async () => {
    const r = await add({ 'h.tar': tar([{ name: 'h', type: '1', linkname: '../../../../etc/shadow' }]) }, 'FROM base\nADD h.tar /x/\n', builder);
    expect(r.failure).toMatchObject({ code: 'file-conflict', range: { start: { line: 2 } } });
    expect(r.failure?.message).toMatch(/failed to create hard link <rootfs>\/x\/h -> <rootfs>\/x\/etc\/shadow/);
  });

  it('copies an archive whose header lies about its size, or that is cut short, as a plain file', async () => {
    const lying = tar([{ name: 'big', sizeField: '77777777777\0' }]);
    const cut = zeroTar(4096).subarray(0, 1000);
    const r = await add({ 'lying.tar': lying, 'cut.tar': cut }, 'FROM scratch\nADD lying.tar cut.tar /x/\n', builder);
    expect(r.status).toBe('success');
    expect(r.tree.map((e) => e.path)).toEqual(['/x', '/x/cut.tar', '/x/lying.tar']);
  });

  it('keeps member names that are not UTF-8 as their bytes, in the tree and the exported tar', async () => {
    const name = Buffer.from([0x62, 0xff, 0x61, 0x64]);
    const r = await add({ 'n.tar': tar([{ name, data: 'latin-1\n' }]) }, 'FROM scratch\nADD n.tar /x/\n', builder);
    expect(r.tree.map((e) => e.path)).toContain('/x/b\uDCFFad');
    const exported = await tarOf(r);
    expect(exported.includes(Buffer.concat([Buffer.from(' path=x/'), name, Buffer.from('\n')]))).toBe(true);
  });
});
