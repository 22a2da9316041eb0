import { describe, expect, it } from 'vitest';
import { contentFromHash } from '../../../src/fs/content.js';
import type { FileNode, Origin } from '../../../src/fs/tree.js';
import { runArgv, runScript } from '../../../src/run/runScript.js';
import { busyboxTree, context, dir, dump, file, link } from './fixture.js';

const origin: Origin = { stage: 'build', line: 3, instruction: 'RUN mkdir -p /app' };

describe('runScript', () => {
  it('marks what it writes with the caller\'s origin and identity, and leaves the rest alone', () => {
    const tree = busyboxTree({ '/w/keep': file('k'), '/app': dir(0o755, 1000, 1000) });
    const before = tree.get('/w/keep');
    const outcome = runScript('mkdir -p /app/data && echo x > /app/conf', context(tree, { origin, uid: 1000, gid: 1000, umask: 0o027 }));
    expect(outcome).toEqual({ kind: 'exit', code: 0, stdout: '', stderr: '' });
    expect(tree.get('/app/conf')).toMatchObject({ type: 'file', mode: 0o640, uid: 1000, gid: 1000, origin });
    expect(tree.get('/app/data')).toMatchObject({ type: 'dir', mode: 0o750, uid: 1000, gid: 1000, origin });
    expect(tree.get('/w/keep')).toBe(before);
  });

  it('writes through every hard link of a file', () => {
    const group = {};
    const tree = busyboxTree({ '/w/a': { ...file('1\n'), linkGroup: group } as FileNode, '/w/b': { ...file('1\n'), linkGroup: group } as FileNode });
    runScript('echo 2 >> a; chmod 600 b', context(tree));
    expect(dump(tree)).toEqual(['drwxr-xr-x 0:0 /w', '-rw------- 0:0 /w/a = "1\\n2\\n"', '-rw------- 0:0 /w/b = "1\\n2\\n"']);
  });

  it('stops at a read of a file whose bytes are not known', () => {
    const tree = busyboxTree({ '/w/big': { type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromHash(3, 'ab'.repeat(32)) } });
    expect(runScript('echo start; cat big; echo never', context(tree))).toMatchObject({ kind: 'unsupported', command: 'cat big', stdout: 'start\n' });
  });

  it('models only an image whose /bin/sh is busybox (a symlink to it, or a hard link as the busybox image has)', () => {
    const dash = busyboxTree({ '/bin/sh': link('dash'), '/bin/dash': file('ELF', 0o755) });
    expect(runScript('mkdir /x', context(dash))).toMatchObject({ kind: 'unsupported', command: '/bin/sh' });
    const group = {};
    const hardLinked = busyboxTree({ '/bin/busybox': { ...file('ELF', 0o755), linkGroup: group } as FileNode, '/bin/sh': { ...file('ELF', 0o755), linkGroup: group } as FileNode });
    expect(runScript('mkdir /x', context(hardLinked))).toMatchObject({ kind: 'exit', code: 0 });
  });

  it('stops at $HOSTNAME when the environment lacks it (ash would ask uname)', () => {
    expect(runScript('echo $HOSTNAME', context(busyboxTree()))).toMatchObject({ kind: 'unsupported', command: 'echo $HOSTNAME' });
  });
});

describe('runArgv (exec form)', () => {
  it('finds the program through PATH, without a shell', () => {
    const tree = busyboxTree();
    expect(runArgv(['mkdir', '-p', '/x/y'], context(tree))).toMatchObject({ kind: 'exit', code: 0 });
    expect(runArgv(['/bin/chmod', '700', '/x'], context(tree))).toMatchObject({ kind: 'exit', code: 0 });
    expect(dump(tree, '/x')).toEqual(['drwx------ 0:0 /x', 'drwxr-xr-x 0:0 /x/y']);
  });

  it('runs sh -c scripts, and does not expand anything itself', () => {
    const tree = busyboxTree();
    expect(runArgv(['/bin/sh', '-c', 'echo "$0 $1" > f', 'me', 'arg'], context(tree))).toMatchObject({ kind: 'exit', code: 0 });
    expect(runArgv(['echo', '$HOME'], context(tree))).toMatchObject({ stdout: '$HOME\n' });
    expect(dump(tree)).toContain('-rw-r--r-- 0:0 /w/f = "me arg\\n"');
  });

  it('has no shell builtins: cd is not a program', () => {
    expect(runArgv(['cd', '/tmp'], context(busyboxTree()))).toEqual({
      kind: 'not-started',
      program: 'cd',
      error: 'exec: "cd": executable file not found in $PATH',
    });
  });

  it('names a missing path as runc does: stat, not a PATH lookup', () => {
    expect(runArgv(['/nope/x'], context(busyboxTree()))).toEqual({
      kind: 'not-started',
      program: '/nope/x',
      error: 'exec: "/nope/x": stat /nope/x: no such file or directory',
    });
  });
});
