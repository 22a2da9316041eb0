import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IgnoreMatcher,
  compileIgnorePattern,
  ignoreFileFor,
  ignoreRule,
  parseDockerignore,
  readIgnorePatterns,
  type IgnoreDecision,
} from '../../../src/context/dockerignore.js';
import { GoRegexp } from '../../../src/context/go-regexp.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { DockerfileError } from '../../../src/model/errors.js';

const matcherOf = (...patterns: string[]): IgnoreMatcher => new IgnoreMatcher(parseDockerignore(patterns.join('\n')));
const walkExcluded = (patterns: readonly string[], path: string): boolean => matcherOf(...patterns).match(path).excluded;

function contextError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DockerfileError);
    expect((err as DockerfileError).code).toBe('context-error');
    return (err as DockerfileError).message;
  }
  throw new Error('expected a context error');
}

/**
 * What a context walker sends, as BuildKit's fsutil filter (lazy parents: an excluded directory is
 * sent only ahead of something kept below it) or the classic CLI's tar (excluded directories never).
 * `entries` are slash paths; a trailing `/` marks a directory.
 */
function walk(matcher: IgnoreMatcher, entries: readonly string[], builder: BuilderMode = 'buildkit'): string[] {
  const sent: string[] = [];
  // Excluded directories on the way down that are not sent (yet).
  const pending: string[] = [];
  const visit = (dir: string, parent: IgnoreDecision | undefined): void => {
    const prefix = dir === '' ? '' : `${dir}/`;
    const children = new Set(entries.filter((e) => e.startsWith(prefix) && e !== prefix).map((e) => e.slice(prefix.length).split('/')[0]!));
    for (const name of [...children].sort()) {
      const path = prefix + name;
      const isDir = entries.includes(`${path}/`);
      const decision = matcher.match(path, parent);
      if (!decision.excluded) {
        if (builder === 'buildkit') sent.push(...pending.splice(0));
        sent.push(isDir ? `${path}/` : path);
      }
      if (isDir && (!decision.excluded || matcher.mayReincludeBelow(path, builder))) {
        if (decision.excluded) pending.push(`${path}/`);
        visit(path, decision);
        if (pending.at(-1) === `${path}/`) pending.pop();
      }
    }
  };
  visit('', undefined);
  return sent;
}

describe('readIgnorePatterns (ignorefile.ReadAll)', () => {
  it('cleans patterns, drops comments and blanks, keeps a lone ! (ignorefile_test.go TestReadAll)', () => {
    const content = 'test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ';
    expect(readIgnorePatterns(content).map((p) => p.pattern)).toEqual([
      'test1',
      'test2',
      'a/file/here',
      'lastfile',
      '!inverted/abs/path',
      '!',
      '!',
    ]);
  });

  it.each([
    ['# only the first character makes a comment', []],
    [' # indented', ['# indented', ' # indented']],
    ['\t#tab', ['#tab', '\t#tab']],
    ['!#x', ['!#x', '!#x']],
    ['\uFEFF# BOM then comment', []],
    ['\uFEFFfoo', ['foo', 'foo']],
    ['  spaced  ', ['spaced', '  spaced  ']],
    ['\u0085nel\u00a0', ['nel', '\u0085nel\u00a0']],
    ['./a/../b/', ['b', './a/../b/']],
    ['//abs//path/', ['abs/path', '//abs//path/']],
    ['/', ['/', '/']],
    ['.', ['.', '.']],
    ['../up', ['../up', '../up']],
    ['!  /a/./b', ['!a/b', '!  /a/./b']],
    ['!!a', ['!!a', '!!a']],
    ['crlf\r', ['crlf', 'crlf']],
  ])('%j', (line, expected) => {
    const patterns = readIgnorePatterns(line).map((p) => [p.pattern, p.text]);
    expect(patterns).toEqual(expected.length ? [[expected[0], expected[1] ?? expected[0]]] : []);
  });

  it('strips the BOM only from the first line, and only one trailing CR', () => {
    expect(readIgnorePatterns('a\r\n\uFEFFb\r\r\n').map((p) => p.pattern)).toEqual(['a', '\uFEFFb']);
  });

  it('numbers lines from 1, counting comments and blank lines', () => {
    expect(readIgnorePatterns('# c\n\nfoo\n  \nbar\n').map((p) => [p.pattern, p.line])).toEqual([
      ['foo', 3],
      ['bar', 5],
    ]);
  });

  it('fails like bufio.Scanner on a line of 64 KiB or more', () => {
    expect(readIgnorePatterns('a'.repeat(65535))).toHaveLength(1);
    expect(contextError(() => readIgnorePatterns(`ok\n${'é'.repeat(32768)}`))).toBe('bufio.Scanner: token too long');
  });
});

describe('parseDockerignore and ignoreRule (patternmatcher.New)', () => {
  it('keeps what New keeps', () => {
    expect(parseDockerignore('# c\n  !docs/README.md  \ndocs\n')).toEqual([
      { pattern: 'docs/README.md', exclusion: true, line: 2, text: '  !docs/README.md  ' },
      { pattern: 'docs', exclusion: false, line: 3, text: 'docs' },
    ]);
    expect(ignoreRule('  ')).toBeUndefined();
    expect(ignoreRule('!sub/Dockerfile')).toEqual({ pattern: 'sub/Dockerfile', exclusion: true, line: 0, text: '!sub/Dockerfile' });
  });

  it.each([
    ['!', 'illegal exclusion pattern: "!"'],
    ['! ', 'illegal exclusion pattern: "!"'],
    ['!/', 'illegal exclusion pattern: "!"'],
    ['!//', 'illegal exclusion pattern: "!"'],
    ['[', 'syntax error in pattern'],
    ['a[', 'syntax error in pattern'],
    ['[^', 'syntax error in pattern'],
    ['[]a]', 'syntax error in pattern'],
    ['[-x]', 'syntax error in pattern'],
    ['[x-]', 'syntax error in pattern'],
    ['[a-b-c]', 'syntax error in pattern'],
    ['*[', 'syntax error in pattern'],
    ['\\', 'syntax error in pattern'],
    // The trailing space is trimmed first, leaving a trailing backslash.
    ['foo\\ ', 'syntax error in pattern'],
  ])('%j fails: %s', (text, message) => {
    expect(contextError(() => parseDockerignore(`ok\n${text}`))).toBe(message);
  });

  it.each([
    // filepath.Match stops at the first chunk that cannot match ".": the rest goes unchecked.
    'x*[',
    'p*bd[',
    'x*\\',
    // Valid for filepath.Match although Go's regexp will reject it.
    '[Local-Only]/',
    String.raw`obj\Release`,
  ])('%j passes New', (text) => {
    expect(parseDockerignore(text)).toHaveLength(1);
  });

  it('fails at the first bad line, in file order', () => {
    expect(contextError(() => parseDockerignore('[\n!'))).toBe('syntax error in pattern');
    expect(contextError(() => parseDockerignore('!\n['))).toBe('illegal exclusion pattern: "!"');
  });
});

describe('compileIgnorePattern (patternmatcher_test.go compileTests)', () => {
  it.each([
    ['*', 'regexp', '^[^/]*$'],
    ['file*', 'regexp', '^file[^/]*$'],
    ['*file', 'regexp', '^[^/]*file$'],
    ['a*/b', 'regexp', '^a[^/]*/b$'],
    ['**', 'suffix', undefined],
    ['**/**', 'regexp', '^(.*/)?.*$'],
    ['dir/**', 'prefix', undefined],
    ['**/dir', 'suffix', undefined],
    ['**/dir2/*', 'regexp', '^(.*/)?dir2/[^/]*$'],
    ['**/dir2/**', 'regexp', '^(.*/)?dir2/.*$'],
    ['**file', 'suffix', undefined],
    ['**/file*txt', 'regexp', '^(.*/)?file[^/]*txt$'],
    ['**/**/*.txt', 'regexp', '^(.*/)?(.*/)?[^/]*\\.txt$'],
    ['a[b-d]e', 'regexp', '^a[b-d]e$'],
    ['.*', 'regexp', '^\\.[^/]*$'],
    ['abc.def', 'exact', undefined],
    ['abc?def', 'regexp', '^abc[^/]def$'],
    ['**/foo/bar', 'suffix', undefined],
    ['a(b)c/def', 'exact', undefined],
    ['a.|)$(}+{bc', 'exact', undefined],
    ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact', undefined],
    // Beyond the ported cases: what reaches the regexp unescaped.
    ['a|b*', 'regexp', '^a|b[^/]*$'],
    ['x{2}?', 'regexp', '^x{2}[^/]$'],
    ['a.+()$*', 'regexp', '^a\\.\\+\\(\\)\\$[^/]*$'],
    ['\uFEFF**/x', 'suffix', undefined],
  ])('%j is %s', (pattern, kind, regexp) => {
    const compiled = compileIgnorePattern(pattern);
    expect(compiled.kind).toBe(kind);
    if (regexp !== undefined) expect(compiled.regexp).toBe(regexp);
  });
});

// patternmatcher_test.go TestMatches: `tests` and `multiPatternTests`, through the walker's
// MatchesUsingParentResults and through MatchesOrParentMatches.
const PATTERNMATCHER_CASES: readonly [pattern: string, text: string, pass: boolean][] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', '/', true],
  ['**/', '/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\*b', 'a*b', true],
];
const PATTERNMATCHER_MULTI_CASES: readonly [patterns: string[], text: string, pass: boolean][] = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
];

describe('IgnoreMatcher on patternmatcher_test.go TestMatches', () => {
  const cases = [
    ...PATTERNMATCHER_CASES.map(([pattern, text, pass]) => [[pattern], text, pass] as const),
    ...PATTERNMATCHER_MULTI_CASES,
  ];
  it.each(cases)('%j on %j: %s', (patterns, text, pass) => {
    const matcher = new IgnoreMatcher(patterns.map((p) => ignoreRule(p)!));
    expect(matcher.match(text).excluded).toBe(pass);
    expect(matcher.matchOrParent(text).excluded).toBe(pass);
  });
});

// patternmatcher_test.go matchTests ("stolen from go's filepath Match tests"), through the
// package-level Matches that the classic CLI calls; `error` means New rejects the pattern.
const FILEPATH_MATCH_CASES: readonly [pattern: string, text: string, result: boolean | 'error'][] = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', true],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['[]a]', ']', 'error'],
  ['[-]', '-', 'error'],
  ['[x-]', 'x', 'error'],
  ['[x-]', '-', 'error'],
  ['[x-]', 'z', 'error'],
  ['[-x]', 'x', 'error'],
  ['[-x]', '-', 'error'],
  ['[-x]', 'a', 'error'],
  ['\\', 'a', 'error'],
  ['[a-b-c]', 'a', 'error'],
  ['[', 'a', 'error'],
  ['[^', 'a', 'error'],
  ['[^bc', 'a', 'error'],
  ['a[', 'a', 'error'],
  ['a[', 'ab', 'error'],
  ['*x', 'xxx', true],
];

describe('IgnoreMatcher.matchLegacy on patternmatcher_test.go matchTests and its small tests', () => {
  it.each(FILEPATH_MATCH_CASES)('%j on %j: %s', (pattern, text, result) => {
    if (result === 'error') expect(contextError(() => ignoreRule(pattern))).toBe('syntax error in pattern');
    else expect(new IgnoreMatcher([ignoreRule(pattern)!]).matchLegacy(text).excluded).toBe(result);
  });

  it.each([
    [['*'], 'fileutils.go', true], // TestWildcardMatches
    [['*.go'], 'fileutils.go', true], // TestPatternMatches
    [['!fileutils.go', '*.go'], 'fileutils.go', true], // TestExclusionPatternMatchesPatternBefore
    [['docs', '!docs/README.md'], 'docs/README.md', false], // TestPatternMatchesFolderExclusions
    [['docs/', '!docs/README.md'], 'docs/README.md', false], // ...WithSlashExclusions
    [['docs/*', '!docs/README.md'], 'docs/README.md', false], // ...WildcardExclusions
    [['*.go', '!fileutils.go'], 'fileutils.go', false], // TestExclusionPatternMatchesPatternAfter
    [['*.go'], '.', false], // TestExclusionPatternMatchesWholeDirectory
    [[], '/any/path/there', false], // TestMatchesWithNoPatterns
  ])('%j on %j: %s', (patterns, text, result) => {
    expect(new IgnoreMatcher(patterns.map((p) => ignoreRule(p)!)).matchLegacy(text).excluded).toBe(result);
  });

  it('checks only the parent as deep as the pattern, unlike matchOrParent', () => {
    const matcher = matcherOf('**/a');
    expect(matcher.matchLegacy('a/Dockerfile').excluded).toBe(false);
    expect(matcher.matchOrParent('a/Dockerfile').excluded).toBe(true);
    expect(matcher.matchLegacy('x/a/Dockerfile').excluded).toBe(true);
  });
});

describe('Docker .dockerignore rules', () => {
  it.each([
    // ** at the start, the end, in the middle, alone
    [['**'], 'any/thing', true],
    [['**/x'], 'x', true],
    [['**/x'], 'a/b/x', true],
    [['**/x'], 'a/b/x/inside', true],
    [['**/x'], 'a/bx', false],
    [['**x'], 'a/bx', true],
    [['x/**'], 'x', false],
    [['x/**'], 'x/a/b', true],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['a/**/b'], 'a/xb', false],
    [['a**b'], 'ax/b', true],
    [['a**b'], 'axb', false],
    [['**/*.go'], 'main.go', true],
    [['**/*.go'], 'cmd/x/main.go', true],
    // * and ? stop at a slash; a pattern is anchored at the context root
    [['*.tmp'], 'a.tmp', true],
    [['*.tmp'], 'sub/a.tmp', false],
    [['*/*.tmp'], 'sub/a.tmp', true],
    [['?'], 'ab', false],
    // leading and trailing slashes, . and .. are cleaned away; trailing / matches files too
    [['/sub'], 'sub/file', true],
    [['sub/'], 'sub', true],
    [['./a/../sub'], 'sub', true],
    [['a/./b'], 'a/b', true],
    [['../sub'], 'sub', false],
    [['/'], 'x', false],
    [['.'], 'x', false],
    // a path is excluded when a parent directory matches
    [['a/b'], 'a/b/c/d', true],
    [['a'], 'ab', false],
    // classes, negation with ^ (not !), escapes
    [['[a-c]x'], 'bx', true],
    [['[^a]x'], 'ax', false],
    [['[!a]x'], '!x', true],
    [['[!a]x'], 'bx', false],
    [[String.raw`[\]]`], ']', true],
    [[String.raw`\*`], '*', true],
    [[String.raw`\*`], 'a', false],
    [[String.raw`a\ b`], 'a b', true],
    // comments only with # first; whitespace trimmed
    [['#x'], '#x', false],
    [[' #x'], '#x', true],
    [['  foo\t'], 'foo', true],
    // last matching rule wins, in both directions
    [['ba*', '!bay'], 'bay', false],
    [['ba*', '!bay'], 'bar', true],
    [['!bay', 'ba*'], 'bay', true],
    [['*.md', '!README.md', 'README.md'], 'README.md', true],
    // plain patterns compare exactly, without any regexp meaning
    [['^a'], '^a', true],
    [['a|b'], 'a|b', true],
  ])('%j on %j: %s', (patterns, path, excluded) => {
    expect(walkExcluded(patterns, path)).toBe(excluded);
  });

  it('names the deciding rule, with its line', () => {
    const matcher = matcherOf('# build output', 'dist', '!dist/keep.txt');
    expect(matcher.match('dist/other')).toMatchObject({ excluded: true, rule: { pattern: 'dist', line: 2 } });
    expect(matcher.match('dist/keep.txt')).toMatchObject({ excluded: false, rule: { pattern: 'dist/keep.txt', exclusion: true, line: 3 } });
    expect(matcher.match('src')).toMatchObject({ excluded: false, rule: undefined });
  });

  it('continues a walk from the parent decision', () => {
    const matcher = matcherOf('dir', '!dir/keep');
    const parent = matcher.match('dir');
    expect(parent.excluded).toBe(true);
    expect(matcher.match('dir/keep', parent).excluded).toBe(false);
    expect(matcher.match('dir/keep/deeper', matcher.match('dir/keep', parent)).excluded).toBe(false);
  });

  it('BuildKit testDockerignore: ba*, Dockerfile, !bay, .dockerignore', () => {
    const matcher = matcherOf('', 'ba*', 'Dockerfile', '!bay', '.dockerignore', '');
    const files = ['.dockerignore', 'Dockerfile', 'bar', 'bay', 'baz', 'foo'];
    expect(walk(matcher, files)).toEqual(['bay', 'foo']);
  });
});

describe('Go regexp semantics reached through patterns', () => {
  it.each([
    // `|` and `{}` are not escaped: an alternation splits the anchors.
    [String.raw`a|b*`, 'abc/d', true],
    [String.raw`a|b*`, 'x/b', true],
    [String.raw`a|b*`, 'cb/d', true],
    [String.raw`a|b*`, 'c/d', false],
    [String.raw`x{2}*`, 'xxy', true],
    [String.raw`x{2}*`, 'xy', false],
    [String.raw`x{2,}?`, 'xxxxa', true],
    [String.raw`*.{js,ts}`, 'a.{js,ts}', true],
    [String.raw`*.{js,ts}`, 'a.js', false],
    // `*` or `?` inside a class becomes `[^/]`, whose `]` closes the class early.
    ['a[*]', 'a]', true],
    ['a[*]', 'a*', false],
    ['a[?]', 'a[]', true],
    // A raw ^ is the start of the text.
    ['^a*', 'abc', true],
    ['a^*', 'a', false],
    // Perl, POSIX and Unicode classes, word boundaries, \Q, escapes
    [String.raw`v\d*`, 'v1.2', true],
    [String.raw`v\d*`, 'vx', false],
    ['[[:digit:]]*', '1x', true],
    ['[[:^digit:]]*', '1x', false],
    [String.raw`a\b*`, 'a-b', true],
    [String.raw`a\b*`, 'ab', false],
    [String.raw`\Q*`, '[^/]*$', true],
    [String.raw`\Q*`, 'a', false],
    [String.raw`\x41*`, 'AB', true],
    [String.raw`\x{41}*`, 'AB', true],
    [String.raw`\pL*`, 'é1', true],
    [String.raw`\p{Greek}*`, 'λx', true],
    [String.raw`\p{Greek}*`, 'lx', false],
    [String.raw`bin\Debug`, 'bin/ebug', true],
    [String.raw`src\temp`, 'src\temp', true], // \t is a tab
    // `.` from `**` does not cross a newline, `[^/]` does.
    ['a/**/b*', 'a/x\ny/b', false],
    ['a*', 'a\nb', true],
  ])('%j on %j: %s', (pattern, path, excluded) => {
    expect(walkExcluded([pattern], path)).toBe(excluded);
  });

  it.each([
    '[Local-Only]/', // moby/moby#52203: the range l-O is backwards
    String.raw`obj\Release`,
    String.raw`\1*`,
    String.raw`a[[:w*:]]`,
    String.raw`a**{2}`,
    String.raw`\p{Klingon}*`,
    'a{1001}*',
  ])('%j fails when first evaluated, not when parsed', (pattern) => {
    const matcher = matcherOf(pattern);
    expect(contextError(() => matcher.match('x'))).toBe('syntax error in pattern');
    expect(contextError(() => matcher.matchOrParent('x'))).toBe('syntax error in pattern');
  });

  it('never evaluates a ! rule while nothing is excluded, so its bad regexp goes unnoticed', () => {
    const matcher = matcherOf('other', String.raw`!bin\Release`);
    expect(matcher.match('bin/x').excluded).toBe(false);
    expect(contextError(() => matcher.match('other/x'))).toBe('syntax error in pattern');
  });

  it('caps the program size as Go does', () => {
    expect(GoRegexp.compile(`^${'a{1000}'.repeat(3356)}$`)).toBeUndefined();
    expect(GoRegexp.compile(`^${'a{1000}'.repeat(3)}$`)?.test('a'.repeat(3000))).toBe(true);
  });
});

describe('IgnoreMatcher.match vs matchOrParent', () => {
  it('a rule skipped at a directory is not carried to its entries (fsutil walk)', () => {
    // At `dir` the second `dir` cannot change the outcome, so it is skipped and not recorded;
    // at `dir/x` it is then tried on `dir/x` alone and does not match.
    const matcher = matcherOf('dir', '!dir/x', 'dir');
    expect(matcher.match('dir/x').excluded).toBe(false);
    expect(matcher.matchOrParent('dir/x').excluded).toBe(true);
    expect(walk(matcher, ['dir/', 'dir/x', 'dir/y'])).toEqual(['dir/', 'dir/x']);
  });
});

describe('walks (fsutil filter_test.go and the classic tar)', () => {
  it('TestWalkerExclude: foo*, !foo/bar2', () => {
    const entries = ['bar', 'foo/', 'foo2', 'foo/bar2'];
    expect(walk(matcherOf('foo*', '!foo/bar2'), entries)).toEqual(['bar', 'foo/', 'foo/bar2']);
    expect(walk(matcherOf('foo*', '!foo/bar2'), entries, 'classic')).toEqual(['bar', 'foo/bar2']);
  });

  it('TestFSWalkNested: foo, !foo/bar', () => {
    expect(walk(matcherOf('foo', '!foo/bar'), ['foo/', 'foo/bar'])).toEqual(['foo/', 'foo/bar']);
  });

  it('TestFilteredOpenInvert: which files can be opened', () => {
    const matcher = matcherOf('foo', '!foo/bar', 'foo/bar/baz', '!foo/bar/baz/x');
    expect(matcher.matchOrParent('foo/bar/baz/x').excluded).toBe(false);
    expect(matcher.matchOrParent('foo/bar/baz/y').excluded).toBe(true);
  });

  it('an excluded directory with nothing re-included below is not sent', () => {
    const entries = ['dir/', 'dir/sub/', 'dir/sub/keep', 'dir/other/', 'dir/other/x'];
    expect(walk(matcherOf('dir', '!dir/sub/keep'), entries)).toEqual(['dir/', 'dir/sub/', 'dir/sub/keep']);
  });

  it.each<[patterns: string[], dir: string, buildkit: boolean, classic: boolean]>([
    [['dir'], 'dir', false, false],
    [['dir', '!dir/keep'], 'dir', true, true],
    [['dir', '!dir/keep'], 'dir/other', false, false],
    [['dir', '!dir/keep'], 'di', false, false],
    [['dir', '!dir'], 'dir', true, true],
    // fsutil drops a trailing /** or /* before comparing; the classic CLI compares the whole pattern.
    [['dir', '!dir/sub/**'], 'dir/sub', true, true],
    [['dir', '!dir/*'], 'dir', true, true],
    [['dir', '!dir/*'], 'dir/x', false, false],
    [['dir', '!dir/sub/*'], 'dir/sub', true, true],
    // Any other glob in a ! pattern makes fsutil descend into every excluded directory.
    [['dir', '!**/keep'], 'dir', true, false],
    [['dir', '!**/keep', '!x'], 'unrelated', true, false],
    [['dir', '!dir/*.txt'], 'dir', true, true],
    [['dir', String.raw`!a\b`], 'dir', true, false],
  ])('%j descends into %j: buildkit %s, classic %s', (patterns, dir, buildkit, classic) => {
    const matcher = matcherOf(...patterns);
    expect(matcher.mayReincludeBelow(dir)).toBe(buildkit);
    expect(matcher.mayReincludeBelow(dir, 'classic')).toBe(classic);
  });

  it('re-includes through a glob only where the walker descends', () => {
    const entries = ['dir/', 'dir/keep', 'dir/sub/', 'dir/sub/keep'];
    expect(walk(matcherOf('dir', '!**/keep'), entries)).toEqual(['dir/', 'dir/keep', 'dir/sub/', 'dir/sub/keep']);
    expect(walk(matcherOf('dir', '!**/keep'), entries, 'classic')).toEqual([]);
  });
});

describe('ignoreFileFor', () => {
  const having = (...names: string[]) => (name: string) => names.includes(name);
  it.each<[dockerfile: string, builder: BuilderMode, present: string[], expected: string | undefined]>([
    ['Dockerfile', 'buildkit', ['Dockerfile.dockerignore', '.dockerignore'], 'Dockerfile.dockerignore'],
    ['Dockerfile', 'buildkit', ['.dockerignore'], '.dockerignore'],
    ['sub/app.Dockerfile', 'buildkit', ['sub/app.Dockerfile.dockerignore'], 'sub/app.Dockerfile.dockerignore'],
    ['Dockerfile', 'buildkit', [], undefined],
    ['Dockerfile', 'classic', ['Dockerfile.dockerignore', '.dockerignore'], '.dockerignore'],
    ['Dockerfile', 'classic', ['Dockerfile.dockerignore'], undefined],
  ])('%j with %s and %j: %j', (dockerfile, builder, present, expected) => {
    expect(ignoreFileFor(dockerfile, builder, having(...present))).toBe(expected);
  });
});

describe('properties', () => {
  const patternChar = fc.constantFrom(...'ab/*?[]^-!\\.|{}(),$+:#dDpLQExz01 \t'.split(''), '**', '[:alpha:]', '{2}', 'é');
  const pathChar = fc.constantFrom(...'ab/.-_[]*?\\^${}|\n01é'.split(''));
  const line = fc.string({ unit: patternChar, maxLength: 12 });
  const path = fc
    .string({ unit: pathChar, minLength: 1, maxLength: 24 })
    .map((p) => p.split('/').filter((s) => s !== '' && s !== '.' && s !== '..').join('/'))
    .filter((p) => p !== '');

  it('only ever fails with a context error, whatever the patterns and paths', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(path, { maxLength: 6 }), (lines, paths) => {
        let rules;
        try {
          rules = parseDockerignore(lines.join('\n'));
        } catch (err) {
          expect(err).toBeInstanceOf(DockerfileError);
          return;
        }
        const matcher = new IgnoreMatcher(rules);
        for (const p of paths) {
          for (const run of [() => matcher.match(p), () => matcher.matchOrParent(p), () => matcher.matchLegacy(p), () => matcher.mayReincludeBelow(p)]) {
            try {
              run();
            } catch (err) {
              expect(err).toBeInstanceOf(DockerfileError);
              expect((err as Error).message).toBe('syntax error in pattern');
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('matches pathological patterns against long paths in linear time', () => {
    const deep = Array.from({ length: 40 }, (_, i) => `d${i % 7}`).join('/');
    const long = `${deep}/${'a'.repeat(1000)}`;
    const patterns = [
      `${'**/'.repeat(40)}x`,
      `${'**/'.repeat(40)}*.never`,
      `${'*a'.repeat(40)}b`,
      `${'a*'.repeat(40)}**b`,
      `${'?'.repeat(200)}**/y`,
      `${'**'.repeat(40)}[^a]`,
      `!${'**/'.repeat(40)}z`,
    ];
    const started = performance.now();
    const matcher = matcherOf('d0', ...patterns);
    expect(matcher.match(long).excluded).toBe(true);
    expect(matcher.matchOrParent(long).excluded).toBe(true);
    for (const pattern of patterns.slice(0, -1)) expect(matcherOf(pattern).match(long).excluded).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
