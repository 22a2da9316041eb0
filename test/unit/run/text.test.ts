import { describe, expect, it } from 'vitest';
import { busyboxTree, dump, file, link, sh } from './fixture.js';

const stdout = (script: string): string => sh(script).stdout;

describe('echo and printf (outputs checked against busybox 1.35)', () => {
  it('echo takes only leading -n/-e/-E words as options, and escapes only with -e', () => {
    expect(stdout(String.raw`echo "a\tb"; echo -e "x\ty\x41\0101\101\q"; echo -n -e a; echo -E "\t"; echo -en; echo - -n; echo -e 'cut\c here'; echo after`)).toBe(
      'a\\tb\nx\tyAAA\\q\na\\t\n- -n\ncutafter\n',
    );
  });

  it('printf reuses its format, pads, converts, and %b stops everything at \\c', () => {
    expect(stdout(String.raw`printf "%s|%5.2s|%-4d|%+d|%#x|%#o|%05d|%x\n" abc xyz 7 3 255 8 42 -1`)).toBe('abc|   xy|7   |+3|0xff|010|00042|ffffffffffffffff\n');
    expect(stdout(String.raw`printf '%d %s\n' 1 a 2; printf '%b\n' 'a\tb\0101\c' after; echo`)).toBe('1 a\n2 \na\tbA\n');
    expect(stdout(`printf '%d|%d|%c' 010 0x10 "'A"`)).toBe("8|16|'");
  });

  it('printf complains about a bad number, prints 0 and fails', () => {
    const r = sh(String.raw`printf '%d\n' abc; echo $?; printf '%s-%d\n' a 5 b`);
    expect(r.stdout).toBe('0\n1\na-5\nb-0\n');
    expect(r.stderr).toBe("sh: invalid number 'abc'\nsh: invalid number ''\n");
  });
});

describe('cat, tee, basename, dirname', () => {
  it('cat concatenates files and stdin, with busybox\'s messages', () => {
    const r = sh('echo a > f; echo b | cat f - f; cat nonexist; mkdir dd; cat dd; echo $?');
    expect(r.stdout).toBe('a\nb\na\n1\n');
    expect(r.stderr).toBe("cat: can't open 'nonexist': No such file or directory\ncat: read error: Is a directory\n");
  });

  it('tee writes stdin to stdout and files, -a appending', () => {
    const r = sh('echo one | tee f g; echo two | tee -a f; echo x | tee nod/x; echo $?');
    expect(r.stdout).toBe('one\ntwo\nx\n1\n');
    expect(r.stderr).toBe('tee: nod/x: No such file or directory\n');
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', '-rw-r--r-- 0:0 /w/f = "one\\ntwo\\n"', '-rw-r--r-- 0:0 /w/g = "one\\n"']);
  });

  it('basename and dirname follow busybox and glibc', () => {
    expect(stdout('for p in /a/b/ a / // /// a/ a//b ///a ../x .; do dirname $p; done')).toBe('/a\n.\n/\n//\n/\n.\na\n/\n..\n.\n');
    expect(stdout('basename /a/b.txt .txt; basename /; basename a/b/; basename .txt .txt')).toBe('b\n/\nb\n.txt\n');
  });
});

describe('sed', () => {
  it('s/// with & and groups, g and occurrence flags, keeps a missing last newline', () => {
    expect(stdout(String.raw`printf 'l1\nl2 l3' | sed 's/\(l\)\([0-9]\)/\2\1/g'; echo; echo aaa | sed 's/a/b/2'; echo abc | sed -e 's/a/[&]/' -e 's|c|C|'; echo a.b | sed -E 's/(a)\.(b)/\2\1/'`)).toBe(
      '1l\n2l 3l\naba\n[a]bC\nba\n',
    );
  });

  it('sed -i writes a new file (owner and mode copied, set-id dropped by the chown), replacing a symlink and breaking hard links', () => {
    const tree = busyboxTree({ '/w/f': file('a\nb', 0o4755, 5, 5), '/w/l': link('f') });
    const r = sh('ln f h; sed -i "s/a/X/" l; sed -i "s/b/Y/" h', tree);
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      '-rwsr-xr-x 5:5 /w/f = "a\\nb"',
      '-rwxr-xr-x 5:5 /w/h = "a\\nY"',
      '-rwxr-xr-x 5:5 /w/l = "X\\nb"',
    ]);
  });

  it('refuses sed programs beyond s///', () => {
    expect(sh("sed -i '/x/d' f").kind).toBe('unsupported');
  });
});

describe('env', () => {
  it('lists the environment in the order of ash\'s variable table', () => {
    // Verified: docker run -e AAA=1 -e ZZ=2 -e B=3 ... sh -c 'export Q=1; env'.
    const env = new Map([
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HOSTNAME', 'c6e2189571ad'],
      ['AAA', '1'],
      ['ZZ', '2'],
      ['B', '3'],
      ['HOME', '/root'],
    ]);
    const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    expect(sh('cd /; export Q=1; env', undefined, { env }).stdout).toBe(
      `HOSTNAME=c6e2189571ad\nSHLVL=1\nHOME=/root\nOLDPWD=/w\nQ=1\n${path}\nZZ=2\nAAA=1\nB=3\nPWD=/\n`,
    );
    // Prefix assignments take their table places too: a new one in its bucket, B in its own.
    expect(sh('A=1 B=2 env', undefined, { env }).stdout).toBe(`HOSTNAME=c6e2189571ad\nSHLVL=1\nHOME=/root\nA=1\n${path}\nZZ=2\nAAA=1\nB=2\nPWD=/w\n`);
  });
});
