import { describe, expect, it } from 'vitest';
import type { FileNode } from '../../../src/fs/tree.js';
import { dir, dump, file, link, sh, busyboxTree } from './fixture.js';

// Expected trees were taken from `docker run --rm --network=none dfsim/busybox:latest sh -c '...'`
// with the same commands (busybox 1.35.0, Debian 12's busybox-static).

describe('mkdir', () => {
  it('makes parents 0755, applies -m to the last one only (symbolic modes relative to 0777), keeps existing ones', () => {
    const r = sh('mkdir -p a/b/c; mkdir -m 700 -p d/e/f; mkdir -m 1777 g; mkdir -m u=rwx,go= h; mkdir -m g=u i; mkdir -p -m 700 a; mkdir a; echo $?');
    expect(r.stderr).toBe("mkdir: can't create directory 'a': File exists\n");
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'drwxr-xr-x 0:0 /w/a',
      'drwxr-xr-x 0:0 /w/a/b',
      'drwxr-xr-x 0:0 /w/a/b/c',
      'drwxr-xr-x 0:0 /w/d',
      'drwxr-xr-x 0:0 /w/d/e',
      'drwx------ 0:0 /w/d/e/f',
      'drwxrwxrwt 0:0 /w/g',
      'drwx------ 0:0 /w/h',
      'drwxrwxrwx 0:0 /w/i',
    ]);
  });

  it('names the partial path with its slash, and a failing stat\'s errno, as busybox does', () => {
    const tree = busyboxTree({ '/w/f': file('x'), '/w/dangling': link('missing') });
    const r = sh('mkdir -p f/x; mkdir -p dangling; mkdir f/; mkdir nope/z', tree);
    expect(r.stderr).toBe(
      "mkdir: can't create directory 'f/': Not a directory\n" +
        "mkdir: can't create directory 'dangling': No such file or directory\n" +
        "mkdir: can't create directory 'f/': File exists\n" +
        "mkdir: can't create directory 'nope/z': No such file or directory\n",
    );
  });

  it('gives new entries in a setgid directory its group, and directories the bit', () => {
    const tree = busyboxTree({ '/w/s': dir(0o2777, 0, 50) });
    const r = sh('mkdir s/d; touch s/f', tree, { uid: 1000, gid: 1000 });
    expect(dump(r.tree, '/w/s')).toEqual(['drwxrwsrwx 0:50 /w/s', 'drwxr-sr-x 1000:50 /w/s/d', '-rw-r--r-- 1000:50 /w/s/f = ""']);
  });
});

describe('touch and rm', () => {
  it('touch creates 0666 less the umask, leaves existing files, follows a dangling link', () => {
    const tree = busyboxTree({ '/w/old': file('x', 0o600, 5, 5), '/w/l': link('target') });
    const r = sh('touch new old l; umask 077; touch private; touch -c none; touch nope/z', tree);
    expect(r.stderr).toBe('touch: nope/z: No such file or directory\n');
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'lrwxrwxrwx 0:0 /w/l -> target',
      '-rw-r--r-- 0:0 /w/new = ""',
      '-rw------- 5:5 /w/old = "x"',
      '-rw------- 0:0 /w/private = ""',
      '-rw-r--r-- 0:0 /w/target = ""',
    ]);
  });

  it('rm removes files and links, directories only with -r, refuses . and ..', () => {
    const tree = busyboxTree({ '/w/d': dir(0o755), '/w/d/f': file('x'), '/w/l': link('d'), '/w/f': file('y') });
    const r = sh('rm d; rm l; rm -f nothing; rm nothing; rm .; rm -r d f; ls_rc=$?; echo $ls_rc', tree);
    expect(r.stdout).toBe('0\n');
    expect(r.stderr).toBe("rm: 'd' is a directory\nrm: can't remove 'nothing': No such file or directory\nrm: can't remove '.' or '..'\n");
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w']);
  });

  it('rm -rf of a glob clears a directory (apt lists style)', () => {
    const tree = busyboxTree({ '/var/lib': dir(0o755), '/var/lib/lists': dir(0o755), '/var/lib/lists/a': file('1'), '/var/lib/lists/partial': dir(0o700), '/var/lib/lists/partial/x': file('2') });
    const r = sh('rm -rf /var/lib/lists/*', tree);
    expect(dump(r.tree, '/var/lib')).toEqual(['drwxr-xr-x 0:0 /var/lib', 'drwxr-xr-x 0:0 /var/lib/lists']);
  });
});

describe('cp', () => {
  it('copies mode less umask as the runner, keeps setuid, -p/-a keep owner and mode', () => {
    const tree = busyboxTree({ '/w/t': file('s', 0o4755, 5, 6), '/w/d': dir(0o700, 5, 6), '/w/d/f': file('f', 0o640, 5, 6) });
    const r = sh('cp t a; cp -p t b; cp -r d d2; cp -a d d3; cp d e; echo $?', tree);
    expect(r.stderr).toBe("cp: omitting directory 'd'\n");
    expect(dump(r.tree).filter((l) => !l.includes('/w/d/'))).toEqual([
      'drwxr-xr-x 0:0 /w',
      '-rwsr-xr-x 0:0 /w/a = "s"',
      '-rwsr-xr-x 5:6 /w/b = "s"',
      'drwx------ 5:6 /w/d',
      'drwx------ 0:0 /w/d2',
      '-rw-r----- 0:0 /w/d2/f = "f"',
      'drwx------ 5:6 /w/d3',
      '-rw-r----- 5:6 /w/d3/f = "f"',
      '-rwsr-xr-x 5:6 /w/t = "s"',
    ]);
  });

  it('writes into an existing destination in place: its inode, mode and owner stay (hard links see it)', () => {
    const group = {};
    const tree = busyboxTree({ '/w/a': file('hi\n', 0o600), '/w/b': { ...file('old\n', 0o640, 5, 5), linkGroup: group } as FileNode, '/w/b2': { ...file('old\n', 0o640, 5, 5), linkGroup: group } as FileNode });
    const r = sh('cp a b', tree);
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', '-rw------- 0:0 /w/a = "hi\\n"', '-rw-r----- 5:5 /w/b = "hi\\n"', '-rw-r----- 5:5 /w/b2 = "hi\\n"']);
  });

  it('dereferences links without -R/-P, copies them as links with them, keeps hard links inside a copy', () => {
    const group = {};
    const tree = busyboxTree({
      '/w/a': file('x'),
      '/w/la': link('a'),
      '/w/s': dir(0o755),
      '/w/s/f': { ...file('1'), linkGroup: group } as FileNode,
      '/w/s/g': { ...file('1'), linkGroup: group } as FileNode,
    });
    const r = sh('cp la c1; cp -P la c2; cp -r la c3; cp -r s s2; cp dangling x', tree);
    expect(r.stderr).toBe("cp: can't stat 'dangling': No such file or directory\n");
    const s2f = r.tree.get('/w/s2/f') as FileNode;
    const s2g = r.tree.get('/w/s2/g') as FileNode;
    expect(s2f.linkGroup).toBeDefined();
    expect(s2f.linkGroup).toBe(s2g.linkGroup);
    expect(s2f.linkGroup).not.toBe(group);
    expect(dump(r.tree).filter((l) => /c\d/.test(l))).toEqual(['-rw-r--r-- 0:0 /w/c1 = "x"', 'lrwxrwxrwx 0:0 /w/c2 -> a', 'lrwxrwxrwx 0:0 /w/c3 -> a']);
  });

  it('copying a directory into itself stops one level down', () => {
    const r = sh('mkdir a; touch a/f; cp -r a a; echo $?');
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toBe("cp: recursion detected, omitting directory 'a/a'\n");
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwxr-xr-x 0:0 /w/a', 'drwxr-xr-x 0:0 /w/a/a', '-rw-r--r-- 0:0 /w/a/a/f = ""', '-rw-r--r-- 0:0 /w/a/f = ""']);
  });
});

describe('mv', () => {
  it('renames entries (a directory with its subtree), moves into a directory, reports failures', () => {
    const tree = busyboxTree({ '/w/d': dir(0o700, 5, 5), '/w/d/f': file('x'), '/w/t': dir(0o755), '/w/g': file('g', 0o600) });
    const r = sh('mv d e; mv g t; mv nope t; mv e t/e2; mv t/e2 t/e2/x', tree);
    expect(r.stderr).toBe("mv: can't rename 'nope': No such file or directory\nmv: can't rename 't/e2': Invalid argument\n");
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwxr-xr-x 0:0 /w/t', 'drwx------ 5:5 /w/t/e2', '-rw-r--r-- 0:0 /w/t/e2/f = "x"', '-rw------- 0:0 /w/t/g = "g"']);
  });

  it('checks each destination in a multi-source move first', () => {
    const tree = busyboxTree({ '/w/d': file('x'), '/w/a': file('a') });
    expect(sh('mv b a d d/f', tree).stderr).toBe(
      "mv: can't stat 'd/f/b': Path has non-directory component\nmv: can't stat 'd/f/a': Path has non-directory component\nmv: can't stat 'd/f/d': Path has non-directory component\n",
    );
  });
});

describe('ln', () => {
  it('makes symlinks as written, hard links sharing content and a link group, into a directory operand', () => {
    const tree = busyboxTree({ '/w/f': file('x'), '/w/d': dir(0o755) });
    // Verified in the container: the hard link into d meets the symlink made just before.
    const r = sh('ln -s f s; ln f h; ln -s /w/f d; ln f d; echo y >> h; ln -s f s; ln -sf g s; ln -s nowhere', tree);
    expect(r.stderr).toBe('ln: d/f: File exists\nln: s: File exists\n');
    const f = r.tree.get('/w/f') as FileNode;
    expect(f.linkGroup).toBeDefined();
    expect((r.tree.get('/w/h') as FileNode).linkGroup).toBe(f.linkGroup);
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'drwxr-xr-x 0:0 /w/d',
      'lrwxrwxrwx 0:0 /w/d/f -> /w/f',
      '-rw-r--r-- 0:0 /w/f = "xy\\n"',
      '-rw-r--r-- 0:0 /w/h = "xy\\n"',
      'lrwxrwxrwx 0:0 /w/nowhere -> nowhere',
      'lrwxrwxrwx 0:0 /w/s -> g',
    ]);
  });

  it('-n replaces a link to a directory instead of linking inside it; a hard link to a directory is refused', () => {
    const tree = busyboxTree({ '/w/d': dir(0o755), '/w/l': link('d') });
    const r = sh('ln -sfn e l; ln d h', tree);
    expect(r.stderr).toBe('ln: h: Operation not permitted\n');
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwxr-xr-x 0:0 /w/d', 'lrwxrwxrwx 0:0 /w/l -> e']);
  });
});

describe('as a non-root user', () => {
  // From the container, running the same script as app (uid/gid 1000) through su.
  it('meets the kernel\'s permission checks with the same messages', () => {
    const tree = busyboxTree({ '/w/own': dir(0o755, 1000, 1000), '/w/rootf': file('x\n'), '/w/sticky': dir(0o1777), '/w/sticky/rootfile': file(''), '/w/grpdir': dir(0o2775, 0, 1000) });
    const script =
      'mkdir x; touch own/f; echo y > rootf; rm rootf; chmod 600 rootf; chown app own/f; chown 0 own/f; chgrp staff own/f; chgrp app own/f; ' +
      'cp -p rootf own/d; cd /root; cd /w; rm sticky/rootfile; touch sticky/mine; touch grpdir/g; mkdir grpdir/gd; chmod 4755 own/f; chmod g+s own/f; touch rootf; mv own/f own/g; mv own/g /w/';
    const r = sh(script, tree, { uid: 1000, gid: 1000 });
    expect(r.stderr).toBe(
      [
        "mkdir: can't create directory 'x': Permission denied",
        "/bin/sh: can't create rootf: Permission denied",
        "rm: can't remove 'rootf': Permission denied",
        'chmod: rootf: Operation not permitted',
        'chown: own/f: Operation not permitted',
        'chgrp: own/f: Operation not permitted',
        "cp: can't preserve ownership of 'own/d': Operation not permitted",
        "/bin/sh: cd: line 0: can't cd to /root: Permission denied",
        "rm: can't remove 'sticky/rootfile': Operation not permitted",
        'touch: rootf: Permission denied',
        "mv: can't rename 'own/g': Permission denied",
        '',
      ].join('\n'),
    );
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'drwxrwsr-x 0:1000 /w/grpdir',
      '-rw-r--r-- 1000:1000 /w/grpdir/g = ""',
      'drwxr-sr-x 1000:1000 /w/grpdir/gd',
      'drwxr-xr-x 1000:1000 /w/own',
      '-rw-r--r-- 1000:1000 /w/own/d = "x\\n"',
      '-rwsr-sr-x 1000:1000 /w/own/g = ""',
      '-rw-r--r-- 0:0 /w/rootf = "x\\n"',
      'drwxrwxrwt 0:0 /w/sticky',
      '-rw-r--r-- 1000:1000 /w/sticky/mine = ""',
      '-rw-r--r-- 0:0 /w/sticky/rootfile = ""',
    ]);
  });

  it('drops set-id bits from a file it writes, and may not hard-link another user\'s file it cannot write', () => {
    const tree = busyboxTree({ '/w': dir(0o777), '/w/mine': file('', 0o6775, 1000, 1000), '/w/theirs': file('', 0o644) });
    const r = sh('echo x >> mine; ln theirs l', tree, { uid: 1000, gid: 1000 });
    expect(r.stderr).toBe('ln: l: Operation not permitted\n');
    expect(dump(r.tree)).toContain('-rwxrwxr-x 1000:1000 /w/mine = "x\\n"');
  });
});
