import { describe, expect, it } from 'vitest';
import { makeTree } from '../report/trees.js';
import { copyError, listing, runCopies } from './copyHarness.js';

// Heredoc sources and history lines, as seen in real Docker Engine 26.1 builds.

const CONTEXT = { 'a.txt': 'aaa\n', 'b.txt': { content: 'bbb\n', mode: 0o600 }, 'dir/f': 'f\n' };

describe('heredoc sources', () => {
  it('BuildKit writes a 0644 file named after the delimiter, expanding unquoted bodies', () => {
    const dockerfile = [
      'FROM scratch',
      'COPY <<EOF a.txt /h/',
      'x $V',
      'EOF',
      "COPY --chown=3:4 <<'EOF' <<X /i/",
      'q $V',
      'EOF',
      'r ${V}',
      'X',
      'COPY <<EOF /j',
      'one',
      'EOF',
    ].join('\n');
    const { tree } = runCopies(dockerfile, { builder: 'buildkit', context: CONTEXT, vars: { V: 'val' } }).state;
    expect(listing(tree)).toEqual([
      'd 0755 0:0 /h',
      'f 0644 0:0 /h/EOF x val',
      'f 0644 0:0 /h/a.txt aaa',
      'd 0755 3:4 /i',
      'f 0644 3:4 /i/EOF q $V',
      'f 0644 3:4 /i/X r val',
      'f 0644 0:0 /j one',
    ]);
  });

  it('the classic builder drops them: with no other source nothing is copied', () => {
    expect(copyError('FROM scratch\nCOPY <<EOF /j\none\nEOF', { builder: 'classic', context: CONTEXT })).toBe(
      'COPY failed: no source files were specified',
    );
    const { tree } = runCopies('FROM scratch\nCOPY <<EOF a.txt /h/\nx\nEOF', { builder: 'classic', context: CONTEXT }).state;
    expect(listing(tree)).toEqual(['d 0755 0:0 /h', 'f 0644 0:0 /h/a.txt aaa']);
  });
});

describe('history', () => {
  it('BuildKit records the expanded instruction without --from and --link', () => {
    const dockerfile = 'FROM scratch\nCOPY --link --chown=${U} --chmod=$M a.txt <<EOF ${D}\nx\nEOF';
    const { history } = runCopies(dockerfile, { builder: 'buildkit', context: CONTEXT, vars: { U: '1:2', M: '600', D: '/d/' } }).state;
    expect(history).toEqual([
      { createdBy: 'COPY --chown=1:2 --chmod=$M a.txt <<EOF /d/ # buildkit', emptyLayer: false, comment: 'buildkit.dockerfile.v0' },
    ]);
  });

  it('the classic builder names sources by tarsum: file:, dir: and multi: hashes', () => {
    const dockerfile = 'FROM scratch\nCOPY a.txt /x\nCOPY --chown=1:2 dir /d/\nCOPY a.txt b.txt /m/\nADD a.txt .';
    const context = makeTree([
      { file: '/a.txt', content: 'aaa\n' },
      { file: '/b.txt', content: 'bbb\n', mode: 0o600 },
      { dir: '/dir', mode: 0o700 },
      { file: '/dir/f', content: 'f\n', mode: 0o640 },
      { dir: '/dir/sub', mode: 0o750 },
      { file: '/dir/sub/g', content: 'g\n' },
    ]);
    const { history } = runCopies(dockerfile, { builder: 'classic', context }).state;
    expect(history.map((h) => ({ createdBy: h.createdBy, emptyLayer: h.emptyLayer }))).toEqual([
      { createdBy: '/bin/sh -c #(nop) COPY file:81152cbbbf38de0c9e56f82f15a551a57a075d0b8b4ac3b5de8973c0a6683cef in /x ', emptyLayer: false },
      {
        createdBy: '/bin/sh -c #(nop) COPY --chown=1:2 dir:18e5ece679ceb11b7948a839347c9cceb062063a83703bd939e6f46dd56ea891 in /d/ ',
        emptyLayer: false,
      },
      { createdBy: '/bin/sh -c #(nop) COPY multi:9a7955a7f3f84876eb956e21c33a9cd1a56146053e3c7db9386373c262122971 in /m/ ', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop) ADD file:81152cbbbf38de0c9e56f82f15a551a57a075d0b8b4ac3b5de8973c0a6683cef in . ', emptyLayer: false },
    ]);
  });

  it('the classic hash of a whole context counts links as their targets, dangling ones by path', () => {
    const context = makeTree([
      { file: '/Dockerfile', content: 'FROM scratch\nCOPY . /all/\n' },
      { file: '/a.txt', content: 'aaa\n' },
      { file: '/b.txt', content: 'bbb\n', mode: 0o600 },
      { symlink: '/dangling', target: 'missing' },
      { dir: '/dir', mode: 0o700 },
      { file: '/dir/f', content: 'f\n', mode: 0o640 },
      { dir: '/dir/sub', mode: 0o750 },
      { file: '/dir/sub/g', content: 'g\n' },
      { symlink: '/link', target: 'a.txt' },
      { file: '/suid', content: 's\n', mode: 0o4755 },
    ]);
    const { history } = runCopies('FROM scratch\nCOPY . /all/\n', { builder: 'classic', context }).state;
    expect(history[0]!.createdBy).toBe(
      '/bin/sh -c #(nop) COPY dir:08f1aa112610f6c952e806593fd1731ddaefcec545d80a20f58abbdc42a42b8b in /all/ ',
    );
  });
});
