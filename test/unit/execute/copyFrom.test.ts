import { describe, expect, it } from 'vitest';
import type { FileNode } from '../../../src/fs/tree.js';
import { emulate } from '../../../src/index.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { makeTree } from '../report/trees.js';
import { copyError, listing, runCopies } from './copyHarness.js';

// COPY --from, as seen in real Docker Engine 26.1 builds from a busybox stage that made /out.

function source() {
  return makeTree([
    { dir: '/out' },
    { dir: '/out/d', uid: 50, gid: 60 },
    { file: '/out/d/x', content: 'x\n', mode: 0o4755, uid: 10, gid: 20 },
    { link: '/out/d/hl', to: '/out/d/x' },
    { symlink: '/out/d/abs', target: '/out/d/x', uid: 30, gid: 40 },
    { symlink: '/out/dl', target: 'd' },
    { dir: '/out/e', mode: 0o700 },
    { file: '/out/e/y', content: 'y\n' },
    { link: '/out/d/hl2', to: '/out/e/y' },
  ]);
}

function run(lines: string, builder: BuilderMode) {
  return runCopies(`FROM scratch AS src\nFROM scratch\n${lines}`, { builder, stages: { 0: source() } });
}

const both = ['buildkit', 'classic'] as const;

describe('COPY --from a stage', () => {
  it.each(both)('keeps owners, modes, symlinks and hard links among the copied files (%s)', (builder) => {
    const { tree } = run('COPY --from=src /out /o/', builder).state;
    expect(listing(tree)).toEqual([
      'd 0755 0:0 /o',
      'd 0755 50:60 /o/d',
      'l 0777 30:40 /o/d/abs -> /out/d/x',
      'f 4755 10:20 /o/d/hl x',
      'f 0644 0:0 /o/d/hl2 y',
      'f 4755 10:20 /o/d/x x',
      'l 0777 0:0 /o/dl -> d',
      'd 0700 0:0 /o/e',
      'f 0644 0:0 /o/e/y y',
    ]);
    const group = (path: string) => (tree.get(path) as FileNode).linkGroup;
    expect(group('/o/d/x')).toBeDefined();
    expect(group('/o/d/x')).toBe(group('/o/d/hl'));
    expect(group('/o/e/y')).toBe(group('/o/d/hl2'));
    expect(group('/o/e/y')).not.toBe(group('/o/d/x'));
    // Copies are not hard links of the source stage's files.
    expect(group('/o/d/x')).not.toBe((source().get('/out/d/x') as FileNode).linkGroup);
  });

  it('--chown: BuildKit keeps setuid, the classic builder’s chown clears it', () => {
    const lines = (builder: BuilderMode) => listing(run('COPY --from=src --chown=1:2 /out/d /p', builder).state.tree);
    expect(lines('buildkit')).toEqual([
      'd 0755 1:2 /p',
      'l 0777 1:2 /p/abs -> /out/d/x',
      'f 4755 1:2 /p/hl x',
      'f 0644 1:2 /p/hl2 y',
      'f 4755 1:2 /p/x x',
    ]);
    expect(lines('classic')).toEqual([
      'd 0755 1:2 /p',
      'l 0777 1:2 /p/abs -> /out/d/x',
      'f 0755 1:2 /p/hl x',
      'f 0644 1:2 /p/hl2 y',
      'f 0755 1:2 /p/x x',
    ]);
  });

  it.each(both)('follows top-level symlinks inside the source stage, absolute ones from its root (%s)', (builder) => {
    expect(listing(run('COPY --from=src /out/dl/x /out/d/abs /q/', builder).state.tree)).toEqual([
      'd 0755 0:0 /q',
      'f 4755 10:20 /q/abs x',
      'f 4755 10:20 /q/x x',
    ]);
  });

  it('a missing path', () => {
    expect(copyError('FROM scratch AS src\nFROM scratch\nCOPY --from=src /nope.txt /', { builder: 'buildkit', stages: { 0: source() } })).toBe(
      'failed to compute cache key: failed to calculate checksum of ref <ref>: "/nope.txt": not found',
    );
    expect(copyError('FROM scratch AS src\nFROM scratch\nCOPY --from=src /nope.txt /', { builder: 'classic', stages: { 0: source() } })).toBe(
      'COPY failed: stat nope.txt: file does not exist',
    );
  });

  it('the classic history hashes follow links inside a directory from a stage', () => {
    const stage = makeTree([
      { dir: '/out' },
      { dir: '/out/d', uid: 5, gid: 6 },
      { file: '/out/d/x', content: 'x\n', mode: 0o4755, uid: 10, gid: 20 },
      { symlink: '/out/d/l', target: 'x' },
    ]);
    const dockerfile = 'FROM scratch AS src\nFROM scratch\nCOPY --from=src /out/d/x /x\nCOPY --from=src /out/d /d';
    const { history } = runCopies(dockerfile, { builder: 'classic', stages: { 0: stage } }).state;
    expect(history.map((h) => h.createdBy)).toEqual([
      '/bin/sh -c #(nop) COPY file:90abda7d723648beb2cdad610be039f8f5918a1ab57d1702437ebaeaa88b308e in /x ',
      '/bin/sh -c #(nop) COPY dir:9c19f57bf8676108e92a21de16fa0e8ecd32df413bf1eddaa16e2420179ad662 in /d ',
    ]);
  });

  it('records where each file came from', () => {
    const { tree } = run('COPY --from=src /out/e /e', 'buildkit').state;
    expect(tree.get('/e/y')?.origin).toEqual({ stage: 'stage-1', line: 3, instruction: 'COPY --from=src /out/e /e', source: 'stage src:/out/e/y' });
    expect(tree.get('/e')?.origin).toEqual({ stage: 'stage-1', line: 3, instruction: 'COPY --from=src /out/e /e' });
  });

  it('a path missing from a stage whose files are only partly known is an unknown step', () => {
    const run = runCopies('FROM scratch AS src\nFROM scratch\nCOPY --from=src /made-by-run /x', {
      builder: 'buildkit',
      stages: { 0: { tree: source(), partial: true } },
    });
    expect(run.state.partial).toBe(true);
    expect(run.unknown).toHaveLength(1);
    expect(run.unknown[0]).toMatchObject({ stage: 'stage-1', line: 3, what: 'COPY --from=src /made-by-run /x' });
    expect(listing(run.state.tree)).toEqual([]);
  });
});

describe('COPY --from an image', () => {
  const image = makeTree([{ dir: '/bin' }, { file: '/bin/tool', content: 'bin', mode: 0o755, uid: 2, gid: 3 }]);

  it.each(both)('reads the image fixture’s files (%s)', (builder) => {
    const run = runCopies('FROM scratch\nCOPY --from=tools:1 /bin/tool /usr/bin/', { builder, images: { 'tools:1': image } });
    expect(listing(run.state.tree)).toEqual(['d 0755 0:0 /usr', 'd 0755 0:0 /usr/bin', 'f 0755 2:3 /usr/bin/tool bin']);
    expect(run.state.tree.get('/usr/bin/tool')?.origin?.source).toBe('image tools:1:/bin/tool');
  });

  it('fails without a fixture', () => {
    expect(copyError('FROM scratch\nCOPY --from=tools:1 /bin/tool /', { builder: 'buildkit' })).toBe(
      'COPY --from=tools:1: no fixture for image "tools:1" — pass --image tools:1=<docker save archive or fixture>',
    );
  });
});

describe('BuildKit: a COPY --from source without a content cache key', () => {
  const failure = async (dockerfile: string): Promise<string | undefined> =>
    (await emulate({ dockerfile, context: {}, builder: 'buildkit' })).failure?.message;
  const lstat = (path: string): string => `lstat <daemon-path>/buildkit-mount<id>${path}: no such file or directory`;
  const notFound = (path: string): string => `failed to compute cache key: failed to calculate checksum of ref <ref>: "${path}": not found`;

  it('is scratch, so a missing path shows only as the copy runs', async () => {
    expect(await failure('FROM scratch AS a\nLABEL x=y\nFROM scratch\nCOPY --from=a /home /dst/\n')).toBe(lstat('/home'));
    expect(await failure('FROM scratch\nWORKDIR /w\nCOPY --from=scratch /home /dst/\n')).toBe(lstat('/home'));
  });

  it('is the destination stage’s own filesystem, until a filesystem step changes it', async () => {
    expect(await failure('FROM scratch AS base\nWORKDIR /s0\nFROM base\nENV X=1\nCOPY --from=base /home /dst/\n')).toBe(lstat('/home'));
    expect(await failure('FROM scratch AS base\nWORKDIR /s0\nFROM base\nWORKDIR /w\nCOPY --from=base /home /dst/\n')).toBe(notFound('/home'));
  });
});
