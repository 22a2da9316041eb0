import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileNode, FsTree } from '../../../src/fs/tree.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { makeTar } from '../images/archives.js';
import { makeTree } from '../report/trees.js';
import { copyError, listing, runCopies } from './copyHarness.js';

// ADD of local archives, as seen in real Docker Engine 26.1 builds of the same archive (made
// there with Python's tarfile) with both builders.

let tarBytes: Buffer;
let context: FsTree;

beforeAll(async () => {
  tarBytes = await makeTar([
    { name: './', type: 'directory', mode: 0o700, uid: 9, gid: 9 },
    { name: 'top/', type: 'directory', mode: 0o750, uid: 5, gid: 6 },
    { name: 'top/f', content: 'F\n', mode: 0o4755, uid: 7, gid: 8 },
    // The link's own header (0644 root) is what the shared file ends up with.
    { name: 'top/hl', type: 'link', linkname: 'top/f' },
    { name: 'top/sl', type: 'symlink', linkname: '../x', uid: 3, gid: 3 },
    { name: 'implied/deep/g', content: 'G\n', mode: 0o600, uid: 1, gid: 1 },
    { name: '../esc', content: 'E\n' },
    { name: '/abs', content: 'A\n' },
    { name: 'run/r', content: 'R\n' },
  ]);
  context = makeTree([
    { file: '/p.tar', content: tarBytes },
    { file: '/p.tgz', content: gzipSync(tarBytes) },
    // Python: a tar holding etc/os (04750, 4:5), xz-compressed.
    {
      file: '/p.txz',
      content: Buffer.from(
        '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4Cf/AF1dADKdCIYUqFunrputRzGsRF14fa9MFYqIwtYiuN5I4z1rgd6K61uwme3pJMSgyuuYYsJOStC/il4tlDkPtM7PdoxAnKNhi4W2inOeolcVJKg1zBm0Vm2TVpk8GZ/tAAAAAAAN1WmUT9lY+AABeYBQAAAA5DeTlbHEZ/sCAAAAAARZWg==',
        'base64',
      ),
    },
    { file: '/p.tbz', content: Buffer.from('BZh91AY&SY') },
    { file: '/text.gz', content: gzipSync('hello\n') },
    { file: '/empty', content: '' },
    { dir: '/d' },
    { file: '/d/inner.tar', content: tarBytes },
    { symlink: '/tarlink', target: 'p.tar' },
  ]);
});

const EXTRACTED = (at: string, top = 'd 0755 0:0') => [
  `${top} ${at}`,
  `f 0644 0:0 ${at}/abs A`,
  `f 0644 0:0 ${at}/esc E`,
  `d 0755 0:0 ${at}/implied`,
  `d 0755 0:0 ${at}/implied/deep`,
  `f 0600 1:1 ${at}/implied/deep/g G`,
  `d 0755 0:0 ${at}/run`,
  `f 0644 0:0 ${at}/run/r R`,
  `d 0750 5:6 ${at}/top`,
  `f 0644 0:0 ${at}/top/f F`,
  `f 0644 0:0 ${at}/top/hl F`,
  `l 0777 3:3 ${at}/top/sl -> ../x`,
];

function run(dockerfile: string, builder: BuilderMode, base?: FsTree) {
  return runCopies(`FROM scratch\n${dockerfile}`, { builder, context, ...(base ? { base } : {}) });
}

const both = ['buildkit', 'classic'] as const;

describe('ADD of a local tar archive', () => {
  it.each(both)('extracts into the destination as a directory, with the archive’s owners, modes and links (%s)', (builder) => {
    const { tree } = run('ADD p.tar /x1', builder).state;
    expect(listing(tree)).toEqual(EXTRACTED('/x1'));
    expect((tree.get('/x1/top/f') as FileNode).linkGroup).toBeDefined();
    expect((tree.get('/x1/top/f') as FileNode).linkGroup).toBe((tree.get('/x1/top/hl') as FileNode).linkGroup);
  });

  it.each(both)('detects gzip by content and follows a symlinked source (%s)', (builder) => {
    expect(listing(run('ADD p.tgz /g/\nADD tarlink /s', builder).state.tree, '/g')).toEqual(EXTRACTED('/g'));
    expect(listing(run('ADD tarlink /s', builder).state.tree)).toEqual(EXTRACTED('/s'));
  });

  it('--chown: only BuildKit gives it to the directories it creates; entries keep the archive’s owners', () => {
    const created = (builder: BuilderMode) => listing(run('ADD --chown=11:12 p.tgz /x2/y/', builder).state.tree, '/x2').slice(0, 3);
    expect(created('buildkit')).toEqual(['d 0755 11:12 /x2', 'd 0755 11:12 /x2/y', 'f 0644 0:0 /x2/y/abs A']);
    expect(created('classic')).toEqual(['d 0755 0:0 /x2', 'd 0755 0:0 /x2/y', 'f 0644 0:0 /x2/y/abs A']);
  });

  it('--chmod does not apply to extracted entries (BuildKit)', () => {
    expect(listing(run('ADD --chmod=600 p.tar /c', 'buildkit').state.tree)).toEqual(EXTRACTED('/c'));
  });

  it.each(both)('follows a symlinked destination, and absolute links inside it resolve from it (%s)', (builder) => {
    const base = makeTree([
      { dir: '/real' },
      { symlink: '/lnk', target: '/real' },
      { dir: '/x' },
      { dir: '/x/run2' },
      { symlink: '/x/run', target: '/run2' },
    ]);
    const { tree } = run('ADD p.tar /lnk/\nADD p.tar /x', builder, base).state;
    expect(listing(tree, '/real')).toEqual(EXTRACTED('/real'));
    expect(listing(tree, '/x/run', '/x/run2')).toEqual(['l 0777 0:0 /x/run -> /run2', 'd 0755 0:0 /x/run2', 'f 0644 0:0 /x/run2/r R']);
  });

  it.each(both)('copies a compressed non-archive, an empty file and archives inside a directory as they are (%s)', (builder) => {
    const { tree } = run('ADD text.gz empty d /x5/', builder).state;
    expect(listing(tree).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      'd 0755 0:0 /x5',
      'f 0644 0:0 /x5/empty',
      'f 0644 0:0 /x5/inner.tar',
      'f 0644 0:0 /x5/text.gz',
    ]);
  });

  it.each(both)('COPY never extracts (%s)', (builder) => {
    expect(listing(run('COPY p.tar /x6/', builder).state.tree).map((l) => l.slice(0, 20))).toEqual(['d 0755 0:0 /x6', 'f 0644 0:0 /x6/p.tar']);
  });

  it('onto an existing file', () => {
    const df = 'FROM scratch\nCOPY empty /f\nADD p.tar /f';
    expect(copyError(df, { builder: 'buildkit', context })).toBe('mkdir <rootfs>/f: not a directory');
    expect(copyError(df, { builder: 'classic', context })).toBe(
      'failed to copy files: Error setting up pivot dir: mkdir <rootfs>/f/.pivot_root<id>: not a directory',
    );
  });

  it('reads GNU long names, long link targets and base-256 ids', () => {
    // Python tarfile, GNU format: a 125-character name, a 120-character link target, uid 70000000.
    const gnu = Buffer.from(
      'H4sIAAAAAAACA+3WMQ6CMBSA4Tc4eQeTHsBAayld3eUSTsZoMFHcOTqQJkZDGCnE/t9Cw8Lw+HlkeZYfq0d9qa71Teahg6mrNr78nMN970sjqpII3q/m/FRKEnXvR5/XCxGkMP8h6rLQ0vbP2+x3bcjcfTXvfvu31gz9a/qPMv8tGSQrW8X+N6P976yoE/3PrlkI5a3k+x/hJyzs/2Ky/9HZFt71+/8Q40VMvH8AAAAAAAAAAAD8lw51iHlOACgAAA==',
      'base64',
    );
    const gnuContext = makeTree([{ file: '/gnu.tgz', content: gnu }]);
    const { tree } = runCopies('FROM scratch\nADD gnu.tgz /', { builder: 'buildkit', context: gnuContext }).state;
    expect(listing(tree)).toEqual([`l 0777 0:0 /ln -> ${'t'.repeat(120)}`, 'd 0755 0:0 /long', `f 0640 70000000:5 /long/${'n'.repeat(120)} long`]);
  });

  it.each(both)('reads xz (%s)', (builder) => {
    expect(listing(run('ADD p.txz /', builder).state.tree)).toEqual(['d 0755 0:0 /etc', 'f 4750 4:5 /etc/os xz']);
  });

  it('a bzip2 or zstd file is an unknown step: it is neither extracted nor copied', () => {
    const { state, unknown } = run('ADD p.tbz /x/', 'buildkit');
    expect(listing(state.tree)).toEqual([]);
    expect(state.partial).toBe(true);
    expect(unknown).toEqual([{ stage: 'stage-0', line: 2, what: 'ADD p.tbz /x/', reason: '/p.tbz may be a bzip2 archive, which is not extracted' }]);
  });

  it('records the archive entry each file came from', () => {
    const { tree } = run('ADD p.tar /x1', 'buildkit').state;
    expect(tree.get('/x1/top/f')?.origin?.source).toBe('context:p.tar!top/f');
  });
});

describe('ADD of a URL or git repository', () => {
  it.each(both)('is not fetched: an unknown step (%s)', (builder) => {
    const { state, unknown } = run('ADD https://example.com/a.tgz a.txt-missing-ok* /dl/', builder);
    expect(listing(state.tree)).toEqual([]);
    expect(state.partial).toBe(true);
    expect(unknown.map((u) => u.reason)).toEqual(['ADD https://example.com/a.tgz is not fetched']);
  });

  it('BuildKit reads git references; --checksum only with one HTTP source', () => {
    expect(run('ADD git@github.com:a/b.git /src', 'buildkit').unknown.map((u) => u.reason)).toEqual([
      'ADD git@github.com:a/b.git is not fetched',
    ]);
    const fail = (df: string) => copyError(`FROM scratch\n${df}`, { builder: 'buildkit', context });
    expect(fail('ADD --checksum=sha256:0 p.tar /x')).toBe("checksum can't be specified for non-HTTP sources");
    expect(fail('ADD --checksum=sha256:0 https://a/b https://a/c /x/')).toBe("checksum can't be specified for multiple sources");
  });
});
