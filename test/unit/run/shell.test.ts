import { describe, expect, it } from 'vitest';
import { dump, sh } from './fixture.js';

/** stdout and exit code of a script run in the busybox-shaped tree. */
const out = (script: string): { code: number | string; stdout: string; stderr: string } => {
  const r = sh(script);
  return { code: r.kind === 'exit' ? r.code : `unsupported: ${r.command}`, stdout: r.stdout, stderr: r.stderr };
};

describe('words and expansions', () => {
  it('quotes, escapes and parameter forms', () => {
    expect(out(String.raw`echo "a'b" 'c"d' \$x "\$y" "\\" a\ b`).stdout).toBe(`a'b c"d $x $y \\ a b\n`);
    expect(out('V=/a/b.c/d.e; echo ${V##*/} ${V%.*} ${V#?} ${V%%.*} ${#V}').stdout).toBe('d.e /a/b.c/d a/b.c/d.e /a/b 10\n');
    expect(out('V=; echo ${V:-a} ${V-b} ${V:+c} ${V+d}; unset V; echo ${V-e} ${V+f}').stdout).toBe('a d\ne\n');
    expect(out(': ${W:=dflt}; echo $W').stdout).toBe('dflt\n');
    expect(out('a=1 b=2; echo $a$b "$HOME" ~ ~root ~nosuch').stdout).toBe('12 /root /root /root ~nosuch\n');
  });

  it('splits unquoted expansions at IFS; a non-blank IFS character delimits empty fields', () => {
    // Verified against busybox: <a> <b> <> <c>.
    expect(out(`V='a:b::c'; IFS=:; for x in $V; do echo "<$x>"; done`).stdout).toBe('<a>\n<b>\n<>\n<c>\n');
    expect(out(`V=' a  b '; for x in $V; do echo "<$x>"; done; E=; for x in $E "" x; do echo "[$x]"; done`).stdout).toBe('<a>\n<b>\n[]\n[x]\n');
  });

  it('expands globs against the tree, sorted, leaving a word without matches as it is', () => {
    const r = sh('touch b a .h "x y"; mkdir d; touch d/e; echo *; echo .*; echo d/*; echo [!a]*; echo zz*; echo "*"; echo \\*');
    expect(r.stdout).toBe('a b d x y\n. .. .h\nd/e\nb d x y\nzz*\n*\n*\n');
  });

  it('runs command substitution in a subshell, trimming trailing newlines', () => {
    expect(out(String.raw`x=$(echo hi); echo "$x" "[$(printf 'a\n\n')]" ` + '`echo b`').stdout).toBe('hi [a] b\n');
    expect(out('x=$(cd /; echo $PWD); echo $x $PWD').stdout).toBe('/ /w\n');
  });

  it('gives $$ as 1, $0 as /bin/sh, $- with c, $? of the last command', () => {
    expect(out('echo $$ $0 $# "$@" $-; set -eu; echo $-').stdout).toBe('1 /bin/sh 0 c\nuce\n');
    expect(out('true; echo $?; false; echo $?; nosuch; echo $?').stdout).toBe('0\n1\n127\n');
  });

  it('reports set -u failures and ${v?} with the shell name and exit 2', () => {
    expect(out('set -u; echo ${UNSET:-fine}; echo $UNSET; echo no')).toEqual({ code: 2, stdout: 'fine\n', stderr: '/bin/sh: UNSET: parameter not set\n' });
  });
});

describe('control flow and exit status', () => {
  it('applies set -e as ash does', () => {
    expect(out('set -e; false; echo no')).toMatchObject({ code: 1, stdout: '' });
    expect(out('set -e; false || true; echo yes').stdout).toBe('yes\n');
    expect(out('set -e; if false; then :; fi; ! true; false && true; echo ok').stdout).toBe('ok\n');
    expect(out('set -e; (false); echo no')).toMatchObject({ code: 1, stdout: '' });
    expect(out('set -e; { false; }; echo no')).toMatchObject({ code: 1, stdout: '' });
    expect(out('set -e; false | true; echo piped; set -o pipefail; false | true; echo no')).toMatchObject({ code: 1, stdout: 'piped\n' });
  });

  it('runs if/elif/else, for with break/continue, while, case', () => {
    expect(out('if [ -d /w ]; then echo dir; elif true; then echo no; else echo none; fi').stdout).toBe('dir\n');
    expect(out('for x in 1 2 3; do [ $x = 2 ] && continue; echo $x; done; for x in 1 2 3; do [ $x = 2 ] && break; echo $x; done').stdout).toBe('1\n3\n1\n');
    expect(out('i=; while [ "$i" != xxx ]; do i=${i}x; done; echo $i').stdout).toBe('xxx\n');
    expect(out('V=abc; case $V in b*|x) echo B;; a*) echo A;; *) echo other;; esac').stdout).toBe('A\n');
  });

  it('keeps subshell state to the subshell and ends only it with exit', () => {
    expect(out('(cd /tmp; X=1; exit 4); echo $? $PWD "[$X]"').stdout).toBe('4 /w []\n');
    expect(out("sh -c 'exit 5'; echo $?; exit 7")).toMatchObject({ code: 7, stdout: '5\n' });
  });

  it('passes only exported variables to sh -c, and prefix assignments to one command', () => {
    expect(out(`A=1; export B=2; sh -c 'echo "[$A][$B]"'; C=3 sh -c 'echo $C $0 $1' name arg; echo "[$C]"`).stdout).toBe('[][2]\n3 name arg\n[]\n');
  });

  it('traces with set -x after redirections open, quoting as ash does', () => {
    expect(out(`set -x; echo "a b" c; x=1; echo it\\'s > /dev/null; echo y > /nope/f`).stderr).toBe(
      "+ echo 'a b' c\n+ x=1\n+ echo 'it'\"'\"'s'\n/bin/sh: can't create /nope/f: nonexistent directory\n",
    );
  });

  it('reports builtin errors with their line', () => {
    expect(out('echo "a\nb"; cd /nope\ncd /w/x')).toEqual({
      code: 2,
      stdout: 'a\nb\n',
      stderr: "/bin/sh: cd: line 1: can't cd to /nope: No such file or directory\n/bin/sh: cd: line 2: can't cd to /w/x: No such file or directory\n",
    });
  });

  it('cd - with no OLDPWD stays and prints, and exports OLDPWD', () => {
    expect(out('cd -; cd /tmp; cd -; env | sed -n "s/^OLDPWD/old/p"').stdout).toBe('/w\n/w\nold=/tmp\n');
  });
});

describe('redirections, here-documents and pipes', () => {
  it('creates files 0644 (umask 022) owned by the runner; > keeps an existing file\'s mode and owner', () => {
    const r = sh('echo one > f; echo two >> f; chmod 600 f; chown 5:5 f; echo three > f; echo e 2> g >&2; chown 7:8 g; cat < f');
    expect(r.stdout).toBe('three\n');
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', '-rw------- 5:5 /w/f = "three\\n"', '-rw-r--r-- 7:8 /w/g = "e\\n"']);
  });

  it('fails a redirection into a directory or a missing directory with ash\'s words', () => {
    expect(out('mkdir d; echo x > d; echo $?; echo x > nod/f; cat < nofile; echo x > d/')).toEqual({
      code: 1,
      stdout: '1\n',
      stderr:
        "/bin/sh: can't create d: Is a directory\n/bin/sh: can't create nod/f: nonexistent directory\n/bin/sh: can't open nofile: no such file\n/bin/sh: can't create d/: Is a directory\n",
    });
  });

  it('expands here-documents unless the delimiter is quoted, and strips tabs for <<-', () => {
    expect(out("cat <<'E'\n$HOME `x`\nE\ncat <<-E\n\tx\n\t\ty $HOME\n\tE\necho after").stdout).toBe('$HOME `x`\nx\ny /root\nafter\n');
  });

  it('pipes text commands together', () => {
    const r = sh(`printf 'a\\nb\\n' | sed 's/a/x/' | tee f; { echo one; echo two; } > g; cat g`);
    expect(r.stdout).toBe('x\nb\none\ntwo\n');
    expect(dump(r.tree)).toContain('-rw-r--r-- 0:0 /w/f = "x\\nb\\n"');
  });
});

describe('what the emulator does not model', () => {
  it.each([
    ['grep x /etc/passwd', 'grep x /etc/passwd'],
    ['mkdir a; ls -l', 'ls -l'],
    ['sleep 1 &', 'sleep 1 &'],
    ['f() { :; }', 'f() { :; }'],
    ['echo $((1+2))', '$((1+2))'],
    ['x=$(wc -l < /etc/passwd)', 'wc -l < /etc/passwd'],
    ['read x', 'read x'],
    ['mkdir -v a', 'mkdir -v a'],
    ['echo 10.0.0.1 db >> /etc/hosts', 'echo 10.0.0.1 db >> /etc/hosts'],
    ['cat /proc/cpuinfo', 'cat /proc/cpuinfo'],
    ['exec > log 2>&1', 'exec > log 2>&1'],
  ])('%s stops at the command it cannot model', (script, command) => {
    const r = sh(script);
    expect(r.kind).toBe('unsupported');
    if (r.kind === 'unsupported') expect(r.command).toBe(command);
  });

  it('keeps the effects of the commands before it', () => {
    const r = sh('mkdir kept; grep x /etc/passwd; mkdir never');
    expect(dump(r.tree)).toEqual(['drwxr-xr-x 0:0 /w', 'drwxr-xr-x 0:0 /w/kept']);
  });

  it('says "not found" (127) for a command that is in no PATH directory', () => {
    expect(out('useradd bob')).toEqual({ code: 127, stdout: '', stderr: '/bin/sh: useradd: not found\n' });
  });
});
