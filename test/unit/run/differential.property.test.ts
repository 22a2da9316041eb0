/**
 * Differential test against a real busybox: random scripts from the modelled subset, over a
 * random small starting tree in /w, run in the emulator and in a dfsim/busybox container; exit
 * code, stdout, stderr and the resulting /w (types, modes, owners, link counts, contents, link
 * targets) must agree. Needs the reference daemon: run with DFSIM_DOCKER=1 after
 * `eval "$(test/docker/engine.sh env)"`; DFSIM_RUNS (default 200) and DFSIM_SEED tune it.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames, type FsTree, type Node } from '../../../src/fs/tree.js';
import { busyboxTree, context, dir, file, link, modeString } from './fixture.js';
import { runScript } from '../../../src/run/runScript.js';

const ENABLED = process.env.DFSIM_DOCKER === '1';
const RUNS = Number(process.env.DFSIM_RUNS ?? 200);
const SEED = Number(process.env.DFSIM_SEED ?? 20260526);
const BATCH = 25;
const IMAGE = 'dfsim/busybox:latest';

interface Entry {
  readonly path: string;
  readonly kind: 'dir' | 'file' | 'symlink' | 'hardlink';
  readonly mode: number;
  readonly owner: readonly [number, number];
  readonly text: string;
  readonly target: string;
}

interface Case {
  readonly entries: readonly Entry[];
  readonly script: string;
  /** Who runs the script: root, or the image's `app` (uid and gid 1000, through su). */
  readonly user: 'root' | 'app';
}

// --- generators -------------------------------------------------------------------------

const NAMES = ['a', 'b', 'c', 'd', 'd/e', 'd/f', 'x y', 'l', 'd/e/g', 'nope/z', 'a/'];
// No `.*` where it would reach `..` (and so the whole container) through -R or a copy.
const GLOBS = ['*', 'd/*', '?', '[ab]*', '*/', 'd/[!e]*', 'zz*', '.[!.]*'];
const OWNERS = ['app', 'app:app', '0:50', ':staff', 'nobody:nogroup', '1000', 'bob', 'app.staff', 'app:', '123:456', 'root'];
const MODES = ['755', '0644', '600', '4755', '2775', '1777', 'u+x', 'go-w', 'a+X', 'o=', 'u=rwx,g=rx,o=', '+x', '-w', 'g+s', 'u+s,o-r', '=r', 'g=u', 'bogus'];
const TEXTS = ['hello', 'a b  c', 'l1\nl2', '', 'tab\\there', 'x=1', '$HOME', "it's"];

const quote = (word: string): string => (/^[A-Za-z0-9_./:=,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`);
const name = fc.constantFrom(...NAMES).map(quote);
const operand = fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: fc.constantFrom(...GLOBS) });
const operands = fc.array(operand, { minLength: 1, maxLength: 3 }).map((a) => a.join(' '));
const text = fc.constantFrom(...TEXTS).map(quote);
const flagsOf = (...choices: string[]): fc.Arbitrary<string> =>
  fc.subarray(choices).map((f) => f.map((x) => `${x} `).join(''));

const simpleCommand: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(flagsOf('-p'), fc.option(fc.constantFrom('700', 'u=rwx,go=', '1777', 'g+s', '0'), { nil: undefined }), operands).map(
    ([f, m, o]) => `mkdir ${f}${m ? `-m ${m} ` : ''}${o}`,
  ),
  operands.map((o) => `touch ${o}`),
  fc.tuple(flagsOf('-n', '-e'), text, fc.constantFrom('>', '>>'), name).map(([f, t, r, n]) => `echo ${f}${t} ${r} ${n}`),
  fc.tuple(fc.constantFrom("'%s-%d\\n'", "'%5s|%-3s|\\n'", "'%b'", "'%x %o %c\\n'", "'[%s]\\n'"), fc.array(text, { maxLength: 3 })).map(
    ([f, a]) => `printf ${f} ${a.join(' ')}`,
  ),
  // Never into one of its inputs: a real cat then copies the file into itself until the disk is full.
  fc.tuple(operands, fc.boolean()).map(([o, redirect]) => `cat ${o}${redirect ? ' > /tmp/cat.out' : ''}`),
  fc.constantFrom('echo .*', 'echo d/.*', 'echo *', 'echo "*"', 'echo \\*', 'echo [', 'echo [!a]*'),
  fc.tuple(text, flagsOf('-a'), name).map(([t, f, n]) => `echo ${t} | tee ${f}${n}`),
  fc.tuple(flagsOf('-r', '-a', '-p', '-f', '-L', '-P', '-R'), operands, name).map(([f, s, d]) => `cp ${f}${s} ${d}`),
  fc.tuple(flagsOf('-f'), operands, name).map(([f, s, d]) => `mv ${f}${s} ${d}`),
  fc.tuple(flagsOf('-r', '-f'), operands).map(([f, o]) => `rm ${f}${o}`),
  fc.tuple(flagsOf('-s', '-f', '-n'), name, name).map(([f, s, d]) => `ln ${f}${s} ${d}`),
  fc.tuple(flagsOf('-R'), fc.constantFrom(...MODES), operands).map(([f, m, o]) => `chmod ${f}${m} ${o}`),
  fc.tuple(flagsOf('-R', '-h'), fc.constantFrom(...OWNERS), operands).map(([f, w, o]) => `chown ${f}${w} ${o}`),
  fc.tuple(fc.constantFrom('app', 'staff', '50', 'bob'), operands).map(([g, o]) => `chgrp ${g} ${o}`),
  fc.tuple(fc.constantFrom('s/l/L/', 's/a/[&]/g', 's/\\(l\\)\\([0-9]\\)/\\2\\1/', 's|x|y|g', 's/^/> /'), name).map(([e, n]) => `sed -i '${e}' ${n}`),
  name.map((n) => `basename ${n}; dirname ${n}`),
  name.map((n) => `cd ${n} && pwd`),
  fc.tuple(fc.constantFrom('-e', '-f', '-d', '-L', '-x', '-s'), name).map(([op, n]) => `[ ${op} ${n} ] && echo yes || echo no`),
  fc.tuple(text, fc.constantFrom('${V:-dflt}', '${#V}', '${V%% *}', '${V#*l}', '"$V"', '$V', '${V:+set}', '${U:=u}$U')).map(
    ([t, e]) => `V=${t}; echo ${e}`,
  ),
  fc.tuple(fc.constantFrom('*', 'a b', 'd/*'), fc.constantFrom('echo "[$i]"', 'touch "$i.t"', 'test -d "$i" && echo "$i"')).map(
    ([items, body]) => `for i in ${items}; do ${body}; done`,
  ),
  fc.tuple(name, fc.constantFrom('echo yes', 'mkdir -p q'), fc.constantFrom('echo no', 'touch q')).map(
    ([n, a, b]) => `if [ -e ${n} ]; then ${a}; else ${b}; fi`,
  ),
  fc.tuple(operands, fc.constantFrom('2>&1', '>/dev/null', '2>/dev/null', '> out 2>&1')).map(([o, r]) => `cat ${o} ${r}`),
  operands.map((o) => `sh -c 'mkdir -p $1 && echo $0' sub ${o}`),
  fc.constantFrom('false', 'true', ': noop', 'umask 077', 'set -e', 'set -x', 'exit 3', '! true', 'echo $?', 'echo $- $#'),
  fc.tuple(name, text).map(([n, t]) => `cat > ${n} <<EOF\n${t} $HOME\nEOF\n:`),
);

/** Shell features: errexit, subshells, pipes, substitutions, case, while, IFS, quoting, traces, env. */
const shellFeature: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'set -e; false; echo no',
    'set -e; false || true; echo yes',
    'set -e; if false; then :; fi; echo ok',
    'set -e; ! true; echo ok',
    'set -e; (false); echo no',
    'set -e; { false; }; echo no',
    'set -e; false && true; echo ok',
    'set -e; x=$(false); echo "st $?"',
    '(cd d && touch z); pwd',
    '(exit 4); echo $?',
    'echo a | cat',
    String.raw`printf 'a\nb\n' | sed 's/a/x/'`,
    'false | true; echo $?',
    'set -o pipefail; false | true; echo $?',
    'x=$(echo hi); echo "$x"',
    String.raw`echo "[$(printf 'a\n\n')]"`,
    'echo `echo b`',
    'V=abc; case $V in a*) echo A;; *) echo other;; esac',
    'case x in y|z) echo no;; x) echo yes;; esac',
    'i=; while [ "$i" != xxx ]; do i=${i}x; done; echo $i',
    String.raw`V='a:b::c'; IFS=:; for x in $V; do echo "<$x>"; done`,
    String.raw`V=' a  b '; for x in $V; do echo "<$x>"; done`,
    'V=/a/b.c/d.e; echo ${V##*/} ${V%.*} ${V#?} ${V%%.*} ${#V}',
    String.raw`echo "a'b" 'c"d' \$x "\$y" "\\" a\ b`,
    String.raw`export Z=1; sh -c 'echo $Z'`,
    String.raw`Y=2 sh -c 'echo $Y'; echo "[$Y]"`,
    'env',
    'export Q=1; env',
    'export -p',
    'set -x; echo "a b" c; x=1; mkdir -p "q r"',
    'echo $?; true; echo $?; false; echo $?; nosuch; echo $?',
    "cat <<'E'\n$HOME `x`\nE\necho after",
    'cat <<-E\n\tx\n\t\ty $HOME\n\tE\necho after',
    '[ a = a -a b != c ] && echo t1; test -z "" && echo t2; [ 1 -lt 2 ] && echo t3; [ ]; echo $?; [ -n ]; echo $?',
    '[ x -eq 1 ]; echo $?',
    String.raw`echo -e '\x41\101\0101\c tail'; echo after`,
    String.raw`printf '%5d|%-5s|%05d|%x|%o|%c|%%\n' 42 ab 7 255 8 xyz`,
    String.raw`printf '%d %s\n' 1 a 2`,
    String.raw`printf '%d\n' abc; echo $?`,
    'set -u; echo ${UNSET:-fine}; echo $UNSET; echo no',
    'cd d; cd -; pwd',
    'mkdir -p m/n && cd m/n && touch f && cd ../.. && echo $PWD',
    'umask 027; mkdir um; touch um/f; echo x > um/g',
    'echo $0 $# "$@"',
    'exit 7',
    "sh -c 'exit 5'; echo $?",
    'for x in 1 2 3; do [ $x = 2 ] && continue; echo $x; done',
    'for x in 1 2 3; do [ $x = 2 ] && break; echo $x; done',
    'V=; echo ${V:-a} ${V-b} ${V:+c} ${V+d}; unset V; echo ${V-e} ${V+f}',
    ': ${W:=dflt}; echo $W',
    String.raw`echo "$(echo "inner \"q\"")"`,
    'echo ~ ~root ~nosuch',
    'a=1 b=2; echo $a$b',
    'eval "echo evaled; V=9"; echo $V',
    "echo 'x' > /dev/null; echo y 2>/dev/null >&2",
    'echo out; echo err >&2',
    '{ echo one; echo two; } > grp; cat grp',
    'if [ -d d ]; then echo dir; elif [ -f d ]; then echo file; else echo none; fi',
    'echo ${#}; set -- a b c; echo $# $2; shift; echo $@',
  ),
);

const separator = fc.constantFrom('; ', ' && ', ' || ', '\n');
const command = fc.oneof({ weight: 3, arbitrary: simpleCommand }, { weight: 1, arbitrary: shellFeature });
const script = fc.tuple(fc.array(command, { minLength: 1, maxLength: 5 }), fc.array(separator, { minLength: 5, maxLength: 5 })).map(
  ([commands, seps]) => commands.map((c, i) => (i === 0 ? c : seps[i - 1] + c)).join(''),
);

const entry = (path: string): fc.Arbitrary<Entry> =>
  fc.record({
    path: fc.constant(path),
    kind: fc.constantFrom('dir', 'file', 'file', 'symlink', 'hardlink'),
    mode: fc.constantFrom(0o755, 0o644, 0o600, 0o700, 0o4755, 0o2775, 0o1777, 0o444),
    owner: fc.constantFrom([0, 0] as const, [1000, 1000] as const, [0, 50] as const, [65534, 65534] as const),
    text: fc.constantFrom('hello\n', 'l1\nl2\n', 'no newline', 'a\n'),
    target: fc.constantFrom('a', 'b', 'd', 'missing', '../w/a', 'd/e', '/w/b'),
  });

const startingTree: fc.Arbitrary<Entry[]> = fc
  .subarray(['a', 'b', 'd', 'l', 'd/e', 'd/f', 'x y'], { minLength: 1 })
  .chain((paths) => fc.tuple(...paths.map(entry)))
  .map((entries) => {
    // A child only under a directory, a hard link only to an earlier regular file.
    const out: Entry[] = [];
    for (const e of entries) {
      const parent = e.path.includes('/') ? out.find((p) => p.path === e.path.slice(0, e.path.lastIndexOf('/'))) : undefined;
      if (e.path.includes('/') && parent?.kind !== 'dir') continue;
      if (e.kind === 'hardlink' && !out.some((p) => p.kind === 'file' && !p.path.includes('/'))) out.push({ ...e, kind: 'file' });
      else out.push(e);
    }
    return out;
  });

const caseArb: fc.Arbitrary<Case> = fc.record({ entries: startingTree, script, user: fc.constantFrom('root' as const, 'root' as const, 'app' as const) });

// --- both sides -------------------------------------------------------------------------

const firstFile = (entries: readonly Entry[]): string | undefined => entries.find((p) => p.kind === 'file' && !p.path.includes('/'))?.path;

/** Shell text that builds the starting tree in a container. */
function prelude(entries: readonly Entry[]): string {
  const lines = ['rm -rf /w /tmp/cat.out', 'mkdir /w', 'cd /w'];
  for (const e of entries) {
    const p = quote(e.path);
    if (e.kind === 'dir') lines.push(`mkdir ${p}`);
    else if (e.kind === 'file') lines.push(`printf '%s' ${quote(e.text)} > ${p}`);
    else if (e.kind === 'symlink') lines.push(`ln -s ${quote(e.target)} ${p}`);
    else lines.push(`ln ${quote(firstFile(entries)!)} ${p}`);
  }
  for (const e of [...entries].reverse()) {
    if (e.kind === 'symlink') lines.push(`chown -h ${e.owner.join(':')} ${quote(e.path)}`);
    else if (e.kind !== 'hardlink') lines.push(`chown ${e.owner.join(':')} ${quote(e.path)}`, `chmod ${e.mode.toString(8)} ${quote(e.path)}`);
  }
  return lines.join('\n');
}

/** The same starting tree as nodes. */
function emulatorTree(entries: readonly Entry[]): FsTree {
  const tree = busyboxTree();
  const group = {};
  const first = firstFile(entries);
  for (const e of entries) {
    const [uid, gid] = e.owner;
    const path = `/w/${e.path}`;
    if (e.kind === 'dir') tree.set(path, { ...(dir(e.mode, uid, gid) as Node), children: new Map() } as Node);
    else if (e.kind === 'file') tree.set(path, { ...(file(e.text, e.mode, uid, gid) as Node), ...(e.path === first && entries.some((x) => x.kind === 'hardlink') ? { linkGroup: group } : {}) } as Node);
    else if (e.kind === 'symlink') tree.set(path, { ...(link(e.target) as Node), uid, gid } as Node);
    else tree.set(path, tree.get(`/w/${first}`)!);
  }
  return tree;
}

const hex = (bytes: Buffer): string => bytes.toString('hex');

interface Result {
  code: number | 'unsupported';
  stdout: string;
  stderr: string;
  tree: string[];
}

function emulate(c: Case): Result {
  const tree = emulatorTree(c.entries);
  const env = new Map([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOME', '/root']]);
  const id = c.user === 'app' ? 1000 : 0;
  const outcome = runScript(c.script, context(tree, { env, uid: id, gid: id }));
  const lines: [string, string][] = [];
  const top = tree.get('/w');
  const groups = new Map<object, number>();
  for (const [, node] of tree.walk()) if (node.type === 'file' && node.linkGroup) groups.set(node.linkGroup, (groups.get(node.linkGroup) ?? 0) + 1);
  for (const [path, node] of top ? [['/w', top] as [string, Node], ...tree.walk('/w')] : []) {
    let tail = '';
    if (node.type === 'symlink') tail = ` -> ${node.target}`;
    if (node.type === 'file') tail = ` ${node.linkGroup ? groups.get(node.linkGroup) : 1} = ${hex(node.content.bytes())}`;
    lines.push([path, `${modeString(node)} ${node.uid}:${node.gid} ${path}${tail}`]);
  }
  lines.sort(([a], [b]) => compareNames(a, b));
  return {
    code: outcome.kind === 'exit' ? outcome.code : 'unsupported',
    stdout: outcome.stdout,
    stderr: outcome.kind === 'exit' ? outcome.stderr : `${outcome.reason}: ${outcome.command}`,
    tree: lines.map(([, l]) => l),
  };
}

/** Runs a batch of cases in one container; each gets a fresh /w, a clean environment and `/bin/sh -c`. */
function containerRun(cases: readonly Case[]): Result[] {
  const parts = [
    'dumpw() { find /w | sort | while IFS= read -r f; do',
    '  if [ -L "$f" ]; then echo "$(stat -c "%A %u:%g %n" "$f") -> $(readlink "$f")";',
    '  elif [ -f "$f" ]; then echo "$(stat -c "%A %u:%g %n %h" "$f") = $(od -An -tx1 -v "$f" | tr -d " \\n")";',
    '  else stat -c "%A %u:%g %n" "$f"; fi; done; }',
  ];
  cases.forEach((c, i) => {
    parts.push(`cat > /tmp/prelude <<'PRELUDE_END'\n${prelude(c.entries)}\nPRELUDE_END`);
    parts.push(`cat > /tmp/script <<'SCRIPT_END'\n${c.script}\nSCRIPT_END`);
    parts.push('sh /tmp/prelude >/dev/null 2>&1; cd /w');
    const run = 'env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root /bin/sh -c "$(cat /tmp/script)"';
    parts.push(`${c.user === 'app' ? `su app -s /bin/sh -c 'exec ${run}'` : run} >/tmp/out 2>/tmp/err </dev/null; rc=$?; cd /`);
    parts.push(`echo "@@CASE ${i} $rc"; echo "@@OUT $(od -An -tx1 -v /tmp/out | tr -d ' \\n')"; echo "@@ERR $(od -An -tx1 -v /tmp/err | tr -d ' \\n')"; dumpw`);
  });
  const run = spawnSync('docker', ['run', '-i', '--rm', '--network=none', IMAGE, 'sh', '-s'], { input: parts.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`docker run failed: ${run.stderr}`);
  const results: Result[] = [];
  for (const block of run.stdout.split('@@CASE ').slice(1)) {
    const lines = block.split('\n').filter((l) => l !== '');
    const code = Number(lines[0]!.split(' ')[1]);
    const out = Buffer.from(lines[1]!.slice(6), 'hex').toString('utf8');
    const err = Buffer.from(lines[2]!.slice(6), 'hex').toString('utf8');
    results.push({ code, stdout: out, stderr: err, tree: lines.slice(3) });
  }
  return results;
}

describe.skipIf(!ENABLED)('differential: emulator vs busybox 1.35 in a container', () => {
  it(`agrees on ${RUNS} random scripts`, () => {
    const cases = fc.sample(caseArb, { numRuns: RUNS, seed: SEED });
    const divergences: string[] = [];
    let unsupported = 0;
    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      const real = containerRun(batch);
      batch.forEach((c, i) => {
        const mine = emulate(c);
        const theirs = real[i]!;
        if (mine.code === 'unsupported') {
          unsupported++;
          return;
        }
        // sed -i's temporary file has a random name (mkstemp); the emulator writes XXXXXX.
        const stderr = theirs.stderr
          .replace(/can't move '(.*?)[A-Za-z0-9]{6}' to/g, "can't move '$1XXXXXX' to")
          .replace(/can't create temp file '(.*?)[A-Za-z0-9]{6}'/g, "can't create temp file '$1XXXXXX'");
        // The stages of a real pipeline race each other: their `set -x` lines come in either order.
        const racy = c.script.includes('set -x') && c.script.includes('|');
        const lines = (text: string): string => (racy ? text.split('\n').sort().join('\n') : text);
        const expected = { code: theirs.code, stdout: theirs.stdout, stderr: lines(stderr), tree: theirs.tree };
        const actual = { code: mine.code, stdout: mine.stdout, stderr: lines(mine.stderr), tree: mine.tree };
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          divergences.push(
            `case ${start + i} (as ${c.user}):\n--- prelude\n${prelude(c.entries)}\n--- script\n${c.script}\n--- busybox\n${JSON.stringify(expected, null, 1)}\n--- emulator\n${JSON.stringify(actual, null, 1)}`,
          );
        }
      });
    }
    if (divergences.length > 0) console.log(divergences.join('\n\n'));
    console.log(`differential: ${cases.length} cases, ${divergences.length} divergent, ${unsupported} unsupported`);
    expect(divergences.length).toBe(0);
  }, 1_800_000);
});
