import { describe, expect, it } from 'vitest';
import { parseMode } from '../../../src/run/mode.js';
import { busyboxTree, dir, dump, file, link, sh } from './fixture.js';

describe('parseMode (busybox bb_parse_mode)', () => {
  it.each([
    ['755', 0o644, 0o755],
    ['4755', 0, 0o4755],
    ['u+x', 0o644, 0o744],
    ['go-w', 0o666, 0o644],
    ['a+X', 0o644, 0o644],
    ['a+X', 0o744, 0o755],
    ['a+X', 0o40644, 0o40755],
    ['=r', 0o4755, 0o444],
    ['u=rwx,g=rx,o=', 0o777, 0o750],
    ['g=u', 0o740, 0o770],
    ['+t', 0o777, 0o1777],
    ['u+s,o-r', 0o644, 0o4640],
    ['+x', 0o644, 0o755],
    ['-w', 0o666, 0o466],
  ])('%s on %o gives %o (umask 022)', (spec, current, expected) => {
    expect(parseMode(spec, current, 0o022)).toBe(expected);
  });

  it('masks who-less clauses with the umask and rejects malformed modes', () => {
    expect(parseMode('+w', 0o444, 0o077)).toBe(0o644);
    expect(parseMode('=rw', 0o777, 0o077)).toBe(0o600);
    for (const bad of ['bogus', 'u', '8', '17777', 'u+q']) expect(parseMode(bad, 0o644, 0o022)).toBeUndefined();
  });
});

describe('chmod', () => {
  it('follows a link named on the line, skips links met in -R, takes -x as a mode', () => {
    const tree = busyboxTree({ '/w/d': dir(0o755), '/w/d/f': file('x', 0o644), '/w/d/l': link('../t'), '/w/t': file('t', 0o600), '/w/lt': link('t') });
    const r = sh('chmod -R go-rx d; chmod 640 lt; chmod -x d/f; chmod 7 nope; chmod bogus t; echo $?', tree);
    expect(r.stderr).toBe("chmod: nope: No such file or directory\nchmod: invalid mode 'bogus'\n");
    expect(r.stdout).toBe('1\n');
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'drwx------ 0:0 /w/d',
      '-rw------- 0:0 /w/d/f = "x"',
      'lrwxrwxrwx 0:0 /w/d/l -> ../t',
      'lrwxrwxrwx 0:0 /w/lt -> t',
      '-rw-r----- 0:0 /w/t = "t"',
    ]);
  });
});

describe('chown and chgrp', () => {
  it('resolves names in the tree\'s own passwd and group files, with busybox\'s messages for unknown ones', () => {
    const r = sh('touch t; chown bob t; chown app:bob t; chown :bob t; chgrp bob t; echo $?; chown 123:456 t; chown app t; chown app: t; chown app.staff t');
    expect(r.stderr).toBe('chown: unknown user bob\nchown: unknown user/group app:bob\nchown: unknown group bob\nchgrp: unknown group bob\n');
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', '-rw-r--r-- 1000:50 /w/t = ""']);
  });

  it('drops setuid (and setgid with group-exec) from files as the kernel does, not from directories', () => {
    // Verified: 6755 → 755; 6745 → 2745 (S); 2755 → 755; a 6755 directory keeps both bits.
    const tree = busyboxTree({ '/w/f': file('', 0o6755), '/w/g': file('', 0o6745), '/w/h': file('', 0o2755), '/w/d': dir(0o6755) });
    const r = sh('chown 0:0 f; chown 1:1 g; chown -h 0 h; chown 1:1 d', tree);
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwsr-sr-x 1:1 /w/d', '-rwxr-xr-x 0:0 /w/f = ""', '-rwxr-Sr-x 1:1 /w/g = ""', '-rwxr-xr-x 0:0 /w/h = ""']);
  });

  it('changes a link itself with -h and with -R, its target otherwise (keeping the link\'s own ids)', () => {
    const tree = busyboxTree({ '/w/f': file('', 0o644, 65534, 65534), '/w/l': link('f'), '/w/d': dir(0o755), '/w/d/x': file('') });
    const r = sh('chown -h 5:5 l; chown -R 7:7 l; chgrp app l; chown -R app:app d', tree);
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwxr-xr-x 1000:1000 /w/d', '-rw-r--r-- 1000:1000 /w/d/x = ""', '-rw-r--r-- 7:1000 /w/f = ""', 'lrwxrwxrwx 7:7 /w/l -> f']);
  });
});
