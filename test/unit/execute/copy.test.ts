import { describe, expect, it } from 'vitest';
import type { ContextFiles } from '../../../src/context/buildContext.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { makeTree } from '../report/trees.js';
import { copyError, listing, runCopies, type CopyCase } from './copyHarness.js';

// Expected trees and messages below were seen in real Docker Engine 26.1 builds (BuildKit and
// DOCKER_BUILDKIT=0) of the same Dockerfiles and contexts, unless a test says otherwise.

const CONTEXT: ContextFiles = {
  'a.txt': 'aaa\n',
  'b.txt': { content: 'bbb\n', mode: 0o600 },
  'dir/f': { content: 'f\n', mode: 0o640 },
  'dir/sub/g': 'g\n',
  link: { symlink: 'a.txt' },
  dangling: { symlink: 'missing' },
  suid: { content: 's\n', mode: 0o4755 },
};

const ROOTFS = '<rootfs>';

function tree(dockerfile: string, builder: BuilderMode, c: Partial<CopyCase> = {}, ...under: string[]): string[] {
  return listing(runCopies(`FROM scratch\n${dockerfile}`, { builder, context: CONTEXT, ...c }).state.tree, ...under);
}

function error(dockerfile: string, builder: BuilderMode, c: Partial<CopyCase> = {}): string {
  return copyError(`FROM scratch\n${dockerfile}`, { builder, context: CONTEXT, ...c });
}

const both = ['buildkit', 'classic'] as const;

describe('destination', () => {
  it('`/x/.` is a directory to BuildKit, a file path to the classic builder', () => {
    expect(tree('COPY a.txt /x/.', 'buildkit')).toEqual(['d 0755 0:0 /x', 'f 0644 0:0 /x/a.txt aaa']);
    expect(tree('COPY a.txt /x/.', 'classic')).toEqual(['f 0644 0:0 /x aaa']);
  });

  it.each(both)('a trailing slash makes the destination a directory (%s)', (builder) => {
    expect(tree('COPY a.txt b.txt /m/', builder)).toEqual(['d 0755 0:0 /m', 'f 0644 0:0 /m/a.txt aaa', 'f 0600 0:0 /m/b.txt bbb']);
  });

  it.each(both)('a relative destination is joined to WORKDIR, `.` being WORKDIR itself (%s)', (builder) => {
    const base = makeTree([{ dir: '/app' }]);
    expect(tree('COPY a.txt .\nCOPY b.txt sub/c.txt', builder, { base, workdir: '/app' })).toEqual([
      'd 0755 0:0 /app',
      'f 0644 0:0 /app/a.txt aaa',
      'd 0755 0:0 /app/sub',
      'f 0600 0:0 /app/sub/c.txt bbb',
    ]);
  });

  it('BuildKit takes `.` as a directory even when WORKDIR does not exist yet; classic as a file path', () => {
    expect(tree('COPY a.txt .', 'buildkit', { workdir: '/app' })).toEqual(['d 0755 0:0 /app', 'f 0644 0:0 /app/a.txt aaa']);
    expect(tree('COPY a.txt .', 'classic', { workdir: '/app' })).toEqual(['f 0644 0:0 /app aaa']);
  });

  it.each(both)('a relative `sub/.` and an absolute `/x/sub/..` are cleaned to file paths (%s)', (builder) => {
    const base = makeTree([{ dir: '/w' }]);
    expect(tree('COPY a.txt sub/.\nCOPY a.txt /x/sub/..', builder, { base, workdir: '/w' })).toEqual([
      'd 0755 0:0 /w',
      'f 0644 0:0 /w/sub aaa',
      'f 0644 0:0 /x aaa',
    ]);
  });

  it.each(both)('a file onto an existing file replaces it with the source mode and owner (%s)', (builder) => {
    const base = makeTree([{ file: '/x', content: 'old', mode: 0o600, uid: 1000, gid: 1000 }]);
    expect(tree('COPY a.txt /x', builder, { base })).toEqual(['f 0644 0:0 /x aaa']);
  });

  it.each(both)('existing symlinks on the way are followed, a file link is written through (%s)', (builder) => {
    const base = makeTree([
      { dir: '/real' },
      { file: '/real/target', content: 'old' },
      { symlink: '/link-dir', target: 'real' },
      { symlink: '/link-file', target: '/real/target' },
    ]);
    expect(tree('COPY a.txt /link-dir/\nCOPY b.txt /link-file', builder, { base })).toEqual([
      'l 0777 0:0 /link-dir -> real',
      'l 0777 0:0 /link-file -> /real/target',
      'd 0755 0:0 /real',
      'f 0644 0:0 /real/a.txt aaa',
      'f 0600 0:0 /real/target bbb',
    ]);
  });

  it.each(both)('a symlink inside a destination directory is replaced, not followed (%s)', (builder) => {
    const base = makeTree([{ dir: '/d' }, { symlink: '/d/a.txt', target: '/elsewhere' }]);
    expect(tree('COPY a.txt /d/', builder, { base })).toEqual(['d 0755 0:0 /d', 'f 0644 0:0 /d/a.txt aaa']);
  });

  it('several sources onto one path: BuildKit copies each in turn, classic refuses', () => {
    expect(tree('COPY a.txt b.txt /multi', 'buildkit')).toEqual(['f 0600 0:0 /multi bbb']);
    expect(error('COPY a.txt b.txt /multi', 'classic')).toBe(
      'When using COPY with more than one source file, the destination must be a directory and end with a /',
    );
    expect(error('COPY a.txt b.txt .', 'classic')).toBe(
      'When using COPY with more than one source file, the destination must be a directory and end with a /',
    );
    expect(error('ADD a.txt b.txt /multi', 'classic')).toBe(
      'When using ADD with more than one source file, the destination must be a directory and end with a /',
    );
  });

  it('a directory onto an existing file fails', () => {
    expect(error('COPY a.txt /f\nCOPY dir /f', 'buildkit')).toBe(`cannot copy to non-directory: ${ROOTFS}/f`);
    expect(error('COPY a.txt /f\nCOPY dir /f', 'classic')).toBe(
      `failed to copy files: failed to copy directory: mkdir ${ROOTFS}/f: not a directory`,
    );
  });

  it('a file to `dir/` where dir is a file fails', () => {
    expect(error('COPY a.txt /f\nCOPY b.txt /f/', 'buildkit')).toBe(`mkdir ${ROOTFS}/f: not a directory`);
    expect(error('COPY a.txt /f\nCOPY b.txt /f/', 'classic')).toBe(
      `failed to copy files: failed to create new directory: mkdir ${ROOTFS}/f: not a directory`,
    );
  });
});

describe('directory sources', () => {
  it.each(both)('copy their contents; missing parents and the new destination are 0755 root (%s)', (builder) => {
    const context = { ...CONTEXT, 'dir/sub/g': { content: 'g\n', mode: 0o644 } };
    const c = { context, base: undefined };
    const result = runCopies('FROM scratch\nCOPY dir /nd/p/q\nCOPY dir/ /nd2/.', { builder, ...c }).state.tree;
    expect(listing(result)).toEqual([
      'd 0755 0:0 /nd',
      'd 0755 0:0 /nd/p',
      'd 0755 0:0 /nd/p/q',
      'f 0640 0:0 /nd/p/q/f f',
      'd 0755 0:0 /nd/p/q/sub',
      'f 0644 0:0 /nd/p/q/sub/g g',
      'd 0755 0:0 /nd2',
      'f 0640 0:0 /nd2/f f',
      'd 0755 0:0 /nd2/sub',
      'f 0644 0:0 /nd2/sub/g g',
    ]);
  });

  it.each(both)('keep nested modes and symlinks as they are, dangling ones too (%s)', (builder) => {
    const context = { ...CONTEXT, 'dir/sub': null };
    const base = makeTree([]);
    const lines = tree('COPY . /all/', builder, { context: { ...context, 'dir/sub/g': 'g\n' }, base }, '/all');
    expect(lines).toContain('l 0777 0:0 /all/dangling -> missing');
    expect(lines).toContain('l 0777 0:0 /all/link -> a.txt');
    expect(lines).toContain('f 0600 0:0 /all/b.txt bbb');
    expect(lines).toContain('d 0755 0:0 /all/dir/sub');
  });

  it.each(both)('overwrite the metadata of nested existing directories but not of the destination (%s)', (builder) => {
    const base = makeTree([
      { dir: '/n', mode: 0o700, uid: 9, gid: 9 },
      { dir: '/n/dir', mode: 0o777, uid: 9, gid: 9 },
      { file: '/n/keep', content: 'k' },
    ]);
    const context = { 'dir/f': 'f\n' };
    expect(tree('COPY . /n/', builder, { base, context })).toEqual([
      'd 0700 9:9 /n',
      'd 0755 0:0 /n/dir',
      'f 0644 0:0 /n/dir/f f',
      'f 0644 0:0 /n/keep k',
    ]);
  });

  it('a type clash inside the merge: BuildKit fails, classic replaces the old entry', () => {
    const df1 = 'COPY a.txt /t/sub\nCOPY dir /t/';
    expect(error(df1, 'buildkit')).toBe(`cannot copy to non-directory: ${ROOTFS}/t/sub`);
    expect(tree(df1, 'classic')).toEqual(['d 0755 0:0 /t', 'f 0640 0:0 /t/f f', 'd 0755 0:0 /t/sub', 'f 0644 0:0 /t/sub/g g']);
    const df2 = 'COPY dir /t/f/\nCOPY dir /t/';
    expect(error(df2, 'buildkit')).toBe(`cannot replace to directory ${ROOTFS}/t/f with file`);
    expect(tree(df2, 'classic')).toEqual(['d 0755 0:0 /t', 'f 0640 0:0 /t/f f', 'd 0755 0:0 /t/sub', 'f 0644 0:0 /t/sub/g g']);
  });
});

describe('source paths', () => {
  it.each(both)('a symlink named as a source is followed and takes the link’s name (%s)', (builder) => {
    expect(tree('COPY link /l1\nCOPY link /ldir/', builder)).toEqual([
      'f 0644 0:0 /l1 aaa',
      'd 0755 0:0 /ldir',
      'f 0644 0:0 /ldir/link aaa',
    ]);
  });

  it('BuildKit cleans `..` and a leading `/` so that a source cannot leave the context', () => {
    expect(tree('COPY ../../a.txt /x\nCOPY /dir/../b.txt /y', 'buildkit')).toEqual(['f 0644 0:0 /x aaa', 'f 0600 0:0 /y bbb']);
  });

  it('classic refuses a source that leaves the context (scenario copy/source-dotdot)', () => {
    expect(error('COPY ../../a.txt /x', 'classic')).toBe('COPY failed: forbidden path outside the build context: ../../a.txt ()');
  });

  it.each(both)('absolute link targets resolve inside the context (%s)', (builder) => {
    const context = { ...CONTEXT, abs: { symlink: '/dir/sub/g' }, dirlink: { symlink: '/dir' } };
    expect(tree('COPY abs /x\nCOPY dirlink/f /y', builder, { context })).toEqual(['f 0644 0:0 /x g', 'f 0640 0:0 /y f']);
  });

  it.each(both)('wildcards match per segment; matched directories give their contents (%s)', (builder) => {
    const context = { ...CONTEXT, 'd1/x': 'x\n', 'd2/y': 'y\n', 'dxx/z/w': 'w\n' };
    expect(tree('COPY d? /w/\nCOPY *.txt /t/\nCOPY d*/z /z/', builder, { context })).toEqual([
      'd 0755 0:0 /t',
      'f 0644 0:0 /t/a.txt aaa',
      'f 0600 0:0 /t/b.txt bbb',
      'd 0755 0:0 /w',
      'f 0644 0:0 /w/x x',
      'f 0644 0:0 /w/y y',
      'd 0755 0:0 /z',
      'f 0644 0:0 /z/w w',
    ]);
  });

  it.each(both)('wildcard classes and escapes (%s)', (builder) => {
    const context = { 'a1.txt': '1', 'a2.txt': '2', 'a*.txt': 'star', 'b.txt': 'b' };
    const dockerfile = 'COPY a[0-1].txt /c/\nCOPY ["a[*].txt", "/e/"]\nCOPY [^a]* /n/\nCOPY a\\*.txt /s/';
    expect(tree(dockerfile, builder, { context })).toEqual([
      'd 0755 0:0 /c',
      'f 0644 0:0 /c/a1.txt 1',
      'd 0755 0:0 /e',
      'f 0644 0:0 /e/a*.txt star',
      'd 0755 0:0 /n',
      'f 0644 0:0 /n/b.txt b',
      // The Dockerfile's own escape is gone before the pattern is read.
      'd 0755 0:0 /s',
      'f 0644 0:0 /s/a*.txt star',
      'f 0644 0:0 /s/a1.txt 1',
      'f 0644 0:0 /s/a2.txt 2',
    ]);
  });

  it('a wildcard escaped for the pattern is a literal path, backslash included', () => {
    const context = { 'a*.txt': 'star' };
    expect(error('COPY a\\\\*.txt /f/', 'buildkit', { context })).toBe(
      'failed to compute cache key: failed to calculate checksum of ref <ref>: "/a\\\\*.txt": not found',
    );
    expect(error('COPY a\\\\*.txt /f/', 'classic', { context })).toBe(
      'COPY failed: file not found in build context or excluded by .dockerignore: stat a\\*.txt: file does not exist',
    );
  });

  it('a wildcard with a trailing slash matches nothing in the classic builder', () => {
    expect(tree('COPY di*/ /w/', 'buildkit')).toEqual(['d 0755 0:0 /w', 'f 0640 0:0 /w/f f', 'd 0755 0:0 /w/sub', 'f 0644 0:0 /w/sub/g g']);
    expect(error('COPY di*/ /w/', 'classic')).toBe('COPY failed: no source files were specified');
  });

  it('a wildcard that matches nothing: BuildKit copies nothing (not even the destination), classic fails', () => {
    expect(tree('COPY nomatch* /nm/', 'buildkit')).toEqual([]);
    expect(error('COPY nomatch* /nm/', 'classic')).toBe('COPY failed: no source files were specified');
    expect(tree('COPY nomatch* a.txt /w', 'classic')).toEqual(['f 0644 0:0 /w aaa']);
  });

  it('a wildcard under a missing directory', () => {
    expect(error('COPY nodir/*.txt /d/', 'buildkit')).toBe(
      'lstat <daemon-path>/buildkit-mount<id>/nodir: no such file or directory',
    );
    expect(error('COPY nodir/*.txt /d/', 'classic')).toBe('COPY failed: no source files were specified');
  });

  it('a missing source', () => {
    expect(error('COPY missing.txt /', 'buildkit')).toBe(
      'failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found',
    );
    expect(error('COPY /missing.txt /', 'classic')).toBe(
      'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
    );
    expect(error('ADD ./missing.txt /', 'classic')).toBe(
      'ADD failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
    );
  });

  it('a dangling symlink source: BuildKit names its target, classic the link', () => {
    expect(error('COPY dangling /', 'buildkit')).toBe(
      'failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing": not found',
    );
    expect(error('COPY dang* /v/', 'buildkit')).toBe(
      'failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing": not found',
    );
    expect(error('COPY dangling /', 'classic')).toBe(
      'COPY failed: file not found in build context or excluded by .dockerignore: stat dangling: file does not exist',
    );
  });

  it('a URL or git source in COPY', () => {
    expect(error('COPY http://example.com/x /', 'buildkit')).toBe("source can't be a URL for COPY");
    expect(error('COPY http://example.com/x /', 'classic')).toBe("COPY failed: source can't be a URL for COPY");
    expect(error('COPY git@github.com:a/b /', 'buildkit')).toBe("source can't be a git ref for COPY");
    // BuildKit reads a local path whose URL form ends in .git as a git reference.
    expect(error('COPY dir/x.git /g/', 'buildkit')).toBe("source can't be a git ref for COPY");
  });

  it('sources and destination are expanded, with ENV/ARG values as the builder sees them', () => {
    const vars = { SRC: 'a.txt', DEST: '/out' };
    for (const builder of both) {
      expect(tree('COPY $SRC ${DEST}/', builder, { vars })).toEqual(['d 0755 0:0 /out', 'f 0644 0:0 /out/a.txt aaa']);
    }
  });
});
