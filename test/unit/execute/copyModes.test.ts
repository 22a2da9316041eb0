import { describe, expect, it } from 'vitest';
import type { ContextFiles } from '../../../src/context/buildContext.js';
import { emulate } from '../../../src/index.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { makeTree } from '../report/trees.js';
import { copyError, listing, runCopies, type CopyCase } from './copyHarness.js';

// Owners and modes, as seen in real Docker Engine 26.1 builds.

const CONTEXT: ContextFiles = {
  'a.txt': 'aaa\n',
  'b.txt': { content: 'bbb\n', mode: 0o600 },
  'dir/f': { content: 'f\n', mode: 0o640 },
  'dir/sub/g': 'g\n',
  link: { symlink: 'a.txt' },
};

const PASSWD = makeTree([
  { dir: '/etc' },
  { file: '/etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n' },
  { file: '/etc/group', content: 'root:x:0:\nappgrp:x:1001:\napp:x:2000:\n' },
]);

function tree(dockerfile: string, builder: BuilderMode, c: Partial<CopyCase> = {}, ...under: string[]): string[] {
  return listing(runCopies(`FROM scratch\n${dockerfile}`, { builder, context: CONTEXT, ...c }).state.tree, ...under);
}

const both = ['buildkit', 'classic'] as const;

describe('--chown', () => {
  it('BuildKit: a user or group name fails on a scratch stage nothing has written to yet', async () => {
    const failure = async (dockerfile: string): Promise<string | undefined> =>
      (await emulate({ dockerfile, context: { 'a.txt': 'a' }, builder: 'buildkit' })).failure?.message;
    expect(await failure('FROM scratch\nCOPY --chown=1000:staff a.txt /x\n')).toBe('invalid user index: -1');
    expect(await failure('FROM scratch\nCOPY --chown=app a.txt /x\n')).toBe('invalid user index: -1');
    expect(await failure('FROM scratch AS s\nFROM s\nUSER app\nWORKDIR /w\n')).toBe('invalid user index: -1');
    // root and numbers need no lookup; after any filesystem step a missing name gives 0.
    expect(await failure('FROM scratch\nCOPY --chown=root:5 a.txt /x\n')).toBeUndefined();
    expect(await failure('FROM scratch\nCOPY . /\nCOPY --chown=app:staff a.txt /x\n')).toBeUndefined();
    expect(await failure('FROM scratch\nWORKDIR /w\nCOPY --chown=app a.txt /x\n')).toBeUndefined();
    expect(await failure('FROM scratch\nWORKDIR /\nCOPY --chown=app a.txt /x\n')).toBe('invalid user index: -1');
  });

  it('BuildKit chowns every directory it creates; classic leaves new parents of a directory root-owned', () => {
    const df = 'COPY --chown=5:6 dir /cd/p/q';
    expect(tree(df, 'buildkit')).toEqual([
      'd 0755 5:6 /cd',
      'd 0755 5:6 /cd/p',
      'd 0755 5:6 /cd/p/q',
      'f 0640 5:6 /cd/p/q/f f',
      'd 0755 5:6 /cd/p/q/sub',
      'f 0644 5:6 /cd/p/q/sub/g g',
    ]);
    expect(tree(df, 'classic')).toEqual([
      'd 0755 0:0 /cd',
      'd 0755 0:0 /cd/p',
      'd 0755 5:6 /cd/p/q',
      'f 0640 5:6 /cd/p/q/f f',
      'd 0755 5:6 /cd/p/q/sub',
      'f 0644 5:6 /cd/p/q/sub/g g',
    ]);
  });

  it.each(both)('a file’s new parents take the --chown owner (%s)', (builder) => {
    expect(tree('COPY --chown=7:8 a.txt /cf/p/f', builder)).toEqual(['d 0755 7:8 /cf', 'd 0755 7:8 /cf/p', 'f 0644 7:8 /cf/p/f aaa']);
  });

  it('names resolve in the stage’s own /etc/passwd and /etc/group, per builder', () => {
    const base = PASSWD;
    expect(tree('COPY --chown=app a.txt /x', 'buildkit', { base }, '/x')).toEqual(['f 0644 1000:1001 /x aaa']);
    expect(tree('COPY --chown=app a.txt /x', 'classic', { base }, '/x')).toEqual(['f 0644 1000:2000 /x aaa']);
    expect(tree('COPY --chown=${U}:appgrp a.txt /x', 'classic', { base, vars: { U: 'app' } }, '/x')).toEqual(['f 0644 1000:1001 /x aaa']);
    expect(copyError('FROM scratch\nCOPY --chown=nobody a.txt /x', { builder: 'classic', context: CONTEXT, base })).toBe(
      'unable to convert uid/gid chown string to host mapping: can’t find uid for user nobody: no such user: nobody'.replace('’', "'"),
    );
  });

  it.each(both)('applies to symlinks inside a copied directory too (%s)', (builder) => {
    expect(tree('COPY --chown=3:4 . /all/', builder, {}, '/all/link')).toEqual(['l 0777 3:4 /all/link -> a.txt']);
  });
});

describe('setuid, setgid and sticky bits of context files', () => {
  const context: ContextFiles = {
    f6755: { content: 'x', mode: 0o6755 },
    f2745: { content: 'x', mode: 0o2745 },
    f2755: { content: 'x', mode: 0o2755 },
    f1755: { content: 'x', mode: 0o1755 },
    f6711: { content: 'x', mode: 0o6711 },
    'd/in': { content: 'x', mode: 0o2775 },
  };

  it('BuildKit keeps them; classic clears setuid, and setgid when group-executable, as its chown does', () => {
    expect(tree('COPY . /s/', 'buildkit', { context })).toEqual([
      'd 0755 0:0 /s',
      'd 0755 0:0 /s/d',
      'f 2775 0:0 /s/d/in x',
      'f 1755 0:0 /s/f1755 x',
      'f 2745 0:0 /s/f2745 x',
      'f 2755 0:0 /s/f2755 x',
      'f 6711 0:0 /s/f6711 x',
      'f 6755 0:0 /s/f6755 x',
    ]);
    expect(tree('COPY . /s/\nCOPY f6755 /s1', 'classic', { context })).toEqual([
      'd 0755 0:0 /s',
      'd 0755 0:0 /s/d',
      'f 0775 0:0 /s/d/in x',
      'f 1755 0:0 /s/f1755 x',
      'f 2745 0:0 /s/f2745 x',
      'f 0755 0:0 /s/f2755 x',
      'f 0711 0:0 /s/f6711 x',
      'f 0755 0:0 /s/f6755 x',
      'f 0755 0:0 /s1 x',
    ]);
  });

  it.each(both)('directories keep them (%s)', (builder) => {
    const context = makeTree([{ dir: '/d', mode: 0o2755 }, { file: '/d/in', content: 'x', mode: 0o2775 }]);
    expect(tree('COPY . /s/', builder, { context }, '/s/d')).toEqual([
      'd 2755 0:0 /s/d',
      `f ${builder === 'buildkit' ? '2775' : '0775'} 0:0 /s/d/in x`,
    ]);
  });
});

describe('--chmod (BuildKit 0.13, frontend 1.7)', () => {
  it('sets octal modes, setuid included, on every copied entry but not on created directories', () => {
    const df = [
      'COPY --chmod=4711 a.txt /p/sub/f',
      'COPY --chmod=700 dir /q/r/',
      'COPY --chmod=0 b.txt /v',
      'COPY --chmod=777 link /u/',
    ].join('\n');
    expect(tree(df, 'buildkit')).toEqual([
      'd 0755 0:0 /p',
      'd 0755 0:0 /p/sub',
      'f 4711 0:0 /p/sub/f aaa',
      'd 0755 0:0 /q',
      'd 0755 0:0 /q/r',
      'f 0700 0:0 /q/r/f f',
      'd 0700 0:0 /q/r/sub',
      'f 0700 0:0 /q/r/sub/g g',
      'd 0755 0:0 /u',
      'f 0777 0:0 /u/link aaa',
      'f 0000 0:0 /v bbb',
    ]);
  });

  it('ignores symbolic and invalid values, keeps only the mode bits of large ones, and is not expanded', () => {
    const df = 'COPY --chmod=u+x a.txt /s\nCOPY --chmod=64a a.txt /y\nCOPY --chmod=10755 a.txt /z\nCOPY --chmod=$M a.txt /m';
    expect(tree(df, 'buildkit', { vars: { M: '700' } })).toEqual([
      'f 0644 0:0 /m aaa',
      'f 0644 0:0 /s aaa',
      'f 0644 0:0 /y aaa',
      'f 0755 0:0 /z aaa',
    ]);
  });

  it('does not change symlinks inside a copied directory', () => {
    expect(tree('COPY --chmod=600 . /all/', 'buildkit', {}, '/all/link')).toEqual(['l 0777 0:0 /all/link -> a.txt']);
  });

  it('is refused by the classic builder, whatever its value', () => {
    const message =
      'the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled';
    expect(copyError('FROM scratch\nCOPY --chmod=600 a.txt /x', { builder: 'classic', context: CONTEXT })).toBe(message);
    expect(copyError('FROM scratch\nADD --chmod=$M missing /x', { builder: 'classic', context: CONTEXT })).toBe(message);
  });
});
