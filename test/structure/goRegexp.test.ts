import { describe, expect, it } from 'vitest';
import { compileGoRegexp, GoRegexpSyntaxError, GoRegexpUnsupported } from '../../src/structure/goRegexp.js';

/** [Go expression, input, whether Go's MatchString is true] — each checked against Go's semantics. */
const CASES: readonly (readonly [string, string, boolean])[] = [
  ['hello', 'say hello', true],
  // Without (?m), ^ and $ are the text's ends ($ is not before a final newline, unlike Perl).
  ['^hello$', 'hello\n', false],
  ['(?m)^hello$', 'x\nhello\ny', true],
  ['(?m)^$', 'a\n', true],
  ['(?i)HELLO', 'hello', true],
  ['(?i)^node', 'Node', true],
  ['a.b', 'a\nb', false],
  ['(?s)a.b', 'a\nb', true],
  ['a(?s:.)b(.)', 'a\nbc', true],
  ['a(?s:.)b.', 'a\nb\n', false],
  ['\\d+', 'abc123', true],
  ['\\d', '٣', false], // Go's \d is ASCII only
  ['\\s', '\u00a0', false], // Go's \s is [\t\n\f\r ]
  ['\\s', '\v', false],
  ['[[:space:]]', '\v', true],
  ['[[:alpha:]]+', '123', false],
  ['[^[:digit:]]', '12a', true],
  ['[\\S]', ' ', false],
  ['[\\d\\-x]', '-', true],
  ['x{2,3}', 'xx', true],
  ['a{,3}', 'a{,3}', true], // not a repeat: literal
  ['\\Qa.b\\E', 'axb', false],
  ['\\Qa.b\\E', 'a.b', true],
  ['(?P<n>foo)bar', 'foobar', true],
  ['(?<n>foo)bar', 'foobar', true],
  ['(?:ab)+$', 'abab', true],
  ['\\pL+', 'é', true],
  ['\\p{Greek}', 'α', true],
  ['\\PL', 'a', false],
  ['\\p{^L}', '1', true],
  ['\\bfoo\\b', 'a foo b', true],
  ['\\x41\\x{1F600}', 'A😀', true],
  ['\\101', 'A', true],
  ['[a-]', '-', true],
  ['[]a]', ']', true],
  ['a|', 'zzz', true],
  ['^*a', 'a', true],
  ['\\A\\z', '', true],
  ['NODE_VERSION=16\\.\\d+', 'NODE_VERSION=16.20.2', true],
  ['a*?b', 'aab', true],
  ['(?U)a+', 'a', true],
  ['/', 'a/b', true],
];

describe('Go regexp translation', () => {
  it.each(CASES)('%j on %j matches as Go does (%s)', (source, input, expected) => {
    expect(compileGoRegexp(source).test(input)).toBe(expected);
  });

  it.each([
    ['(?=a)'], ['(?!a)'], ['(?<=a)'], ['(?<!a)'], // no lookaround in RE2
    ['\\1'], ['(a)\\1'], // no backreferences
    ['\\Z'], ['\\e'], ['\\C'],
    ['a**'], ['a*+'], ['a{2}{3}'], ['*a'], ['a|*'],
    ['a{1001}'], ['a{3,2}'],
    ['[z-a]'], ['[a'], ['(a'], ['a)'], ['\\pX'], ['[[:foo:]]'],
    ['(?P<x>a)(?P<x>b)'], ['(?-)'], ['(?--i)'], ['(?i-)'],
  ])('rejects %j where regexp.Compile fails', (source) => {
    expect(() => compileGoRegexp(source)).toThrow(GoRegexpSyntaxError);
  });

  it('does not translate (?i) over part of an expression', () => {
    expect(() => compileGoRegexp('a(?i)b')).toThrow(GoRegexpUnsupported);
    expect(() => compileGoRegexp('(?i)a(?-i)b')).toThrow(GoRegexpUnsupported);
    expect(() => compileGoRegexp('(?i:a)b')).toThrow(GoRegexpUnsupported);
    // Case does not matter to digits and anchors, so these are whole-expression flags.
    expect(compileGoRegexp('^1(?i)abc').test('1ABC')).toBe(true);
  });
});
