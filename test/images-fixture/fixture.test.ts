import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate, exportImage, imageFs, loadImageArchive, saveImageFixture } from '../../src/index.js';
import { dockerSaveLegacy, makeTar } from '../unit/images/archives.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_ARCHIVE = join(ROOT, 'scenarios', 'images', 'node_16-bullseye.tar');
let dir: string;
let archive: string;

/** A Debian-like image in two layers: accounts, os-release through a symlink, a hard link, a setuid file, a whiteout. */
async function debianLike(): Promise<Buffer> {
  const layer1 = await makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n' },
    { name: 'etc/group', content: 'root:x:0:\nwww-data:x:33:\n' },
    { name: 'etc/shadow', content: 'root:*:19000:0:99999:7:::\n', mode: 0o640, gid: 42 },
    { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/lib/', type: 'directory' },
    { name: 'usr/lib/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n' },
    { name: 'usr/bin/', type: 'directory' },
    { name: 'usr/bin/perl', content: Buffer.alloc(5000, 1), mode: 0o755 },
    { name: 'usr/bin/perl5.36.0', type: 'link', linkname: 'usr/bin/perl' },
    { name: 'usr/bin/passwd', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), mode: 0o4755 },
    { name: 'usr/share/', type: 'directory' },
    { name: 'usr/share/doc/', type: 'directory' },
    { name: 'usr/share/doc/perl/', type: 'directory' },
    { name: 'usr/share/doc/perl/copyright', content: 'License: GPL-1+ or Artistic\n' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'var/', type: 'directory' },
    { name: 'var/cache/', type: 'directory' },
    { name: 'var/cache/junk', content: 'junk' },
  ]);
  const layer2 = await makeTar([{ name: 'var/cache/.wh.junk' }, { name: 'srv/', type: 'directory', uid: 33, gid: 33 }]);
  return dockerSaveLegacy([
    {
      tags: ['debian:12'],
      layers: [layer1, layer2],
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['bash'] },
      history: [{ created_by: '/bin/sh -c #(nop) ADD file:abc in / ' }, { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true }],
    },
  ]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-fixture-'));
  archive = join(dir, 'debian.tar');
  writeFileSync(archive, await debianLike());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveImageFixture', () => {
  it('keeps every path, the config and the history; contents only of the files builds read', async () => {
    const dest = join(dir, 'debian.json');
    const summary = await saveImageFixture({ source: archive, dest });
    expect(summary).toEqual({
      dest,
      ref: 'debian:12',
      entries: 20,
      files: 7, // a hard link is not a second file
      kept: ['/etc/group', '/etc/passwd', '/usr/lib/os-release'],
      missing: [],
      bytes: statSync(dest).size,
    });
    const text = readFileSync(dest, 'utf8');
    // One path a line, so that a committed fixture diffs path by path.
    expect(text).toContain('\n  ["/etc/os-release","l","0777",0,0,"../usr/lib/os-release"],\n');
    expect(text).toContain('\n  ["/usr/bin/passwd","f","4755",0,0,7,"');
    expect(text).toContain('\n  ["/usr/bin/perl5.36.0","h","0755",0,0,"/usr/bin/perl"],\n');
    expect(text).not.toContain('var/cache/junk');
    const fixture = JSON.parse(text);
    expect(fixture).toMatchObject({
      dockerfileSimImageFixture: 1,
      ref: 'debian:12',
      config: { Cmd: ['bash'] },
      history: [{ created_by: '/bin/sh -c #(nop) ADD file:abc in / ' }, { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true }],
      layerCount: 2,
      root: ['/', 'd', '0755', 0, 0],
    });
    expect(Object.keys(fixture.contents)).toEqual(['/etc/group', '/etc/passwd', '/usr/lib/os-release']);
  });

  it('loads as the archive loads: same tree entries, config and history', async () => {
    const dest = join(dir, 'same.json');
    await saveImageFixture({ source: archive, dest });
    const dockerfile = 'FROM debian:12\nCOPY --from=debian:12 /usr/bin /bin-copy\n';
    const build = (path: string) => emulate({ dockerfile, images: { 'debian:12': path } });
    const [fromArchive, fromFixture] = await Promise.all([build(archive), build(dest)]);
    expect(fromFixture.tree).toEqual(fromArchive.tree);
    expect(fromFixture.config).toEqual(fromArchive.config);
    expect(fromFixture.history).toEqual(fromArchive.history);
    const [a, f] = await Promise.all([loadImageArchive(archive), loadImageArchive(dest)]);
    expect(f.config).toEqual(a.config);
    expect(f.history).toEqual(a.history);
    expect(f.layerCount).toBe(2);
  });

  it('keeps what --keep names: a file, every file below a directory; reports paths the image lacks', async () => {
    const dest = join(dir, 'keep.json.gz');
    const summary = await saveImageFixture({ source: archive, dest, keep: ['/usr/share/doc', '/etc/shadow', '/opt/missing'] });
    expect(summary.kept).toEqual(['/etc/group', '/etc/passwd', '/etc/shadow', '/usr/lib/os-release', '/usr/share/doc/perl/copyright']);
    expect(summary.missing).toEqual(['/opt/missing']);
    // gzipped because of the name, and read back from either form
    expect(JSON.parse(gunzipSync(readFileSync(dest)).toString()).contents['/etc/shadow']).toBe('root:*:19000:0:99999:7:::\n');
    const image = await loadImageArchive(dest, 'debian:12');
    expect(image.ref).toBe('debian:12');
  });

  it('keeps binary content as base64 and re-saves a fixture without losing kept contents', async () => {
    const first = join(dir, 'bin.json');
    await saveImageFixture({ source: archive, dest: first, keep: ['/usr/bin/passwd'] });
    expect(JSON.parse(readFileSync(first, 'utf8')).contents['/usr/bin/passwd']).toEqual({ base64: 'f0VMRgABAg==' });
    const second = join(dir, 'bin2.json');
    const summary = await saveImageFixture({ source: first, dest: second, keep: ['/usr/bin/passwd', '/usr/bin/perl'] });
    // perl's bytes were not kept the first time, so they cannot be kept now.
    expect(summary.kept).toEqual(['/etc/group', '/etc/passwd', '/usr/bin/passwd', '/usr/lib/os-release']);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
  });
});

describe('a build from a fixture', () => {
  let fixture: string;
  beforeAll(async () => {
    fixture = join(dir, 'build.json');
    await saveImageFixture({ source: archive, dest: fixture });
  });

  it('copies a kept file with its bytes, and a file not kept with its metadata and hash', async () => {
    const result = await emulate({
      dockerfile: 'FROM scratch\nCOPY --from=debian:12 /etc/passwd /usr/bin/passwd /out/\nCOPY --from=debian:12 --chown=33:33 /usr/bin/perl /etc/group /out/\n',
      images: { 'debian:12': fixture },
    });
    expect(result.status).toBe('success');
    // /usr/bin/passwd (not kept) lands on /etc/passwd's copy (kept): the later source wins.
    expect(result.tree).toEqual([
      { path: '/out', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
      { path: '/out/group', type: 'file', mode: 0o644, uid: 33, gid: 33, size: 25, sha256: sha256('root:x:0:\nwww-data:x:33:\n') },
      { path: '/out/passwd', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 7, sha256: sha256(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])) },
      { path: '/out/perl', type: 'file', mode: 0o755, uid: 33, gid: 33, size: 5000, sha256: sha256(Buffer.alloc(5000, 1)) },
    ]);
    const fs = imageFs(result);
    expect(fs.readFileSync('/out/group', 'utf8')).toBe('root:x:0:\nwww-data:x:33:\n');
    expect(fs.statSync('/out/perl').size).toBe(5000);
    expect(() => fs.readFileSync('/out/perl')).toThrow(/EIO: the content of this file is not known/);
    await expect(exportImage(result, { type: 'tar', dest: join(dir, 'out.tar') })).rejects.toThrow(
      'cannot export /out/passwd: the content of this file is not known (only its size and hash)',
    );
  });

  it('reads a kept file: --chown by name from the fixture\'s /etc/passwd, and its bytes', async () => {
    const result = await emulate({
      dockerfile: 'FROM debian:12\nCOPY --chown=www-data:www-data a.txt /srv/\nCOPY --from=debian:12 /etc/os-release /etc/os-release.copy\n',
      context: { 'a.txt': 'a\n' },
      images: { 'debian:12': fixture },
    });
    expect(result.tree.find((e) => e.path === '/srv/a.txt')).toMatchObject({ uid: 33, gid: 33 });
    expect(imageFs(result).readFileSync('/etc/os-release.copy', 'utf8')).toBe('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n');
  });

  it('gives the classic builder its history line for a file known only by hash', async () => {
    const result = await emulate({ builder: 'classic', dockerfile: 'FROM debian:12\nCOPY --from=debian:12 /usr/bin/perl /x\n', images: { 'debian:12': fixture } });
    expect(result.status).toBe('success');
    expect(result.history.at(-1)?.createdBy).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/x $/);
  });
});

describe('loading a fixture', () => {
  const write = (name: string, fixture: object): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ dockerfileSimImageFixture: 1, ref: 'x', config: {}, history: [], layerCount: 1, root: ['/', 'd', '0755', 0, 0], contents: {}, ...fixture }));
    return path;
  };

  it('tells a gzipped fixture from a gzipped archive', async () => {
    const gzArchive = join(dir, 'debian.tar.gz');
    writeFileSync(gzArchive, gzipSync(readFileSync(archive)));
    expect((await loadImageArchive(gzArchive)).ref).toBe('debian:12');
  });

  it('refuses a fixture whose kept content is not the file its entry describes', async () => {
    const path = write('edited.json', { entries: [['/etc', 'd', '0755', 0, 0], ['/etc/passwd', 'f', '0644', 0, 0, 5, '0'.repeat(64)]], contents: { '/etc/passwd': 'root\n' } });
    await expect(loadImageArchive(path)).rejects.toThrow(
      `image fixture ${path} entry 2 ("/etc/passwd"): the kept content (5 bytes, sha256 ${sha256('root\n').slice(0, 12)}…) is not the file the entry describes (5 bytes, 000000000000…)`,
    );
  });

  it.each([
    [{ entries: [['/a/b', 'd', '0755', 0, 0]] }, 'entry 1 ("/a/b"): its parent directory is not listed before it'],
    [{ entries: [['/a', 'x', '0755', 0, 0]] }, 'entry 1 ("/a"): unknown type "x" (d, f, l or h)'],
    [{ entries: [['/a', 'f', '644', 0, 0, 1]] }, 'entry 1 ("/a"): a file needs a size and a hex sha256'],
    [{ entries: [['/a', 'd', 'rwx', 0, 0]] }, 'entry "/a": mode must be an octal string and uid, gid numbers'],
    [{ entries: [['/a', 'h', '0644', 0, 0, '/b']] }, 'entry 1 ("/a"): hard link to /b, which is not a file listed before it'],
    [{ entries: [], contents: { '/a': 'x' } }, 'keeps the content of /a, which is not a file entry'],
    [{ dockerfileSimImageFixture: 2, entries: [] }, 'has format version 2; this dockerfile-sim reads version 1'],
  ])('names what is wrong: %j', async (fixture, message) => {
    const path = write('bad.json', fixture);
    await expect(loadImageArchive(path)).rejects.toThrow(`image fixture ${path} ${message}`);
  });
});

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
