import { describe, expect, it } from 'vitest';
import { expandWord, type ExpandOptions } from '../../../src/expand/expandWord.js';
import { DockerfileError } from '../../../src/model/errors.js';

const backslash: ExpandOptions = { escapeToken: '\\' };
const backtick: ExpandOptions = { escapeToken: '`' };

// S set, E set but empty, U never set.
const ENV: Record<string, string> = {
  S: 'val',
  E: '',
  P: 'a.b.c',
  B: 'banana',
  NL: 'a\nb',
  K: '한국어',
  SP: 'a b',
  H: '#*',
  STAR: '*',
  '1': 'one',
  é: 'accent',
  '٣': 'arabic-indic three',
};
const lookup = (name: string): string | undefined => (Object.hasOwn(ENV, name) ? ENV[name] : undefined);

function expandOrMessage(word: string, options: ExpandOptions = backslash): string | { error: string; code: string } {
  try {
    return expandWord(word, lookup, options);
  } catch (error) {
    if (!(error instanceof DockerfileError)) throw error;
    return { error: error.message, code: error.code };
  }
}

const failure = (word: string, reason: string) => ({
  error: `failed to process ${JSON.stringify(word)}: ${reason}`,
  code: 'expansion-error',
});

describe('expandWord: references', () => {
  it.each([
    ['$S', 'val'],
    ['${S}', 'val'],
    ['${S}x', 'valx'],
    ['$Sx', ''], // the name is Sx
    ['$S-x', 'val-x'],
    ['$U', ''],
    ['${U}', ''],
    ['$E|', '|'],
    ['$1x', 'onex'], // a leading digit takes only digits
    ['${1}', 'one'],
    ['$12', ''],
    ['$é', 'accent'], // Unicode letters are name characters
    ['$٣x', 'arabic-indic threex'], // so are Unicode decimal digits
    ['$@@', '@'], // special parameters are one character
    ['$$S', 'S'],
    ['$-x', 'x'],
    ['$', '$'],
    ['a$', 'a$'],
    ['$.', '$.'],
    ['$/x', '$/x'],
    ['$ S', '$ S'],
    ["$'S'", '$S'],
    ['$"S"', '$S'],
    ['\uFEFF$S', 'val'], // a leading byte order mark is skipped, as Go's scanner does
    ['a\uFEFF$S', 'a\uFEFFval'],
  ])('%j → %j', (word, expected) => {
    expect(expandOrMessage(word)).toBe(expected);
  });
});

describe('expandWord: modifiers with a set, an empty and an unset variable', () => {
  it.each([
    ['${S:-w}', 'val'],
    ['${E:-w}', 'w'],
    ['${U:-w}', 'w'],
    ['${S-w}', 'val'],
    ['${E-w}', ''],
    ['${U-w}', 'w'],
    ['${S:+w}', 'w'],
    ['${E:+w}', ''],
    ['${U:+w}', ''],
    ['${S+w}', 'w'],
    ['${E+w}', 'w'],
    ['${U+w}', ''],
    ['${S:?w}', 'val'],
    ['${S?w}', 'val'],
    ['${E?w}', ''],
    ['${U:-}', ''],
    ['${U:-a b}', 'a b'],
    ['${U:-$S}', 'val'],
    ['${U:-${E:-${S}}}', 'val'],
    ['${U:-"${S}"}', 'val'],
    ["${U:-'$S'}", '$S'],
    ['${U:-\\}}', '}'],
    ['${U:-"}"}', '}'],
    ['${U:-a}}', 'a}'],
    ['${U:-{a}', '{a'],
    ['${S:+-${S}}', '-val'],
    ['${S:+${S}:}', 'val:'],
    ['${U:-\\$S}', '$S'],
  ])('%j → %j', (word, expected) => {
    expect(expandOrMessage(word)).toBe(expected);
  });
});

describe('expandWord: trimming and replacement', () => {
  it.each([
    ['${P#*.}', 'b.c'],
    ['${P##*.}', 'c'],
    ['${P%.*}', 'a.b'],
    ['${P%%.*}', 'a'],
    ['${P#a}', '.b.c'],
    ['${P#x}', 'a.b.c'],
    ['${P#*}', 'a.b.c'], // shortest match of * is empty
    ['${P##*}', ''],
    ['${P%?}', 'a.b.'],
    ['${P#?.?}', '.c'],
    ['${U#a}', ''],
    ['${E%a}', ''],
    ['${K%?}', '한국'], // ? is one character, not one byte
    ['${P#$H}', ''], // the greedy marker may come from a variable: ##*
    ['${P:#*.}', 'b.c'], // v0.13 ignores the colon before # and %
    ['${P:%%.*}', 'a'],
    ['${STAR#\\*}', ''],
    ['${P#"*".}', 'b.c'], // quotes are removed before the pattern is read: still a wildcard
    ['${P/./-}', 'a-b.c'],
    ['${P//./-}', 'a-b-c'],
    ['${P/x/-}', 'a.b.c'],
    ['${P/*/-}', '-'],
    ['${P/?/-}', '-.b.c'],
    ['${P/b*/-}', 'a.-'],
    ['${P/./}', 'ab.c'],
    ['${U/x/-}', ''],
    ['${U/*/-}', '-'], // an empty value still has an empty match
    ['${U//*/-}', '-'],
    ['${B///-}', '-b-a-n-a-n-a-'],
    ['${B//a*/-}', 'b-'],
    ['${B/a/\\-}', 'b\\-nana'], // escapes stay in the replacement
    ['${B//\\//_}', 'banana'],
    ["${B//a/'[$0]'}", 'b[a]n[a]n[a]'], // replace-all treats $0 in the replacement as the match
    ["${B//an/'${0}${0}'}", 'banananana'],
    ["${B/a/'[$0]'}", 'b[$0]nana'], // replace-first inserts it verbatim
    ["${B//a/'$$'}", 'b$n$n$'],
    ["${B//a/'$1$x'}", 'bnn'],
    ["${B//a/'$.'}", 'b$.n$.n$.'],
    ['${NL#*}', 'a\nb'],
    ['${NL##*}', '\nb'], // * and ? never match a newline
    ['${NL%%*}', 'a\n'],
    ['${NL#a?}', 'a\nb'],
    ['${NL//?/x}', 'x\nx'],
    ['${NL//*/x}', 'x\nx'],
  ])('%j → %j', (word, expected) => {
    expect(expandOrMessage(word)).toBe(expected);
  });

  it('keeps / in the pattern from a variable and needs the separator written', () => {
    const env: Record<string, string> = { F: '/tmp/tmp/bar.txt', N: '/tmp' };
    const look = (name: string) => env[name];
    expect(expandWord('${F/$N/} ${F//$N/}', look, backslash)).toBe('/tmp/bar.txt /bar.txt');
  });

  it('passes the raw escape characters of either escape token to the pattern', () => {
    const env: Record<string, string> = { A: '`ab', Q: '*x', W: '\\abc' };
    const look = (name: string) => env[name];
    // With the backtick escape the pattern is "`*": a literal backtick, then a wildcard.
    expect(expandWord('${A#`*}', look, backtick)).toBe('ab');
    expect(expandWord('${Q#`*}', look, backtick)).toBe('*x');
    // Inside double quotes in a pattern, the backslash is kept twice: "\*" is the pattern \\*.
    expect(expandWord('${W#"\\*"}', look, backslash)).toBe('abc');
  });
});

describe('expandWord: quotes and escapes', () => {
  it.each([
    ['\'a\'"b"c', 'abc'],
    ["'$S'", '$S'],
    ["'a\\'", 'a\\'],
    ['"$S"', 'val'],
    ['"\'$S\'"', "'val'"],
    ['"a\\b"', 'a\\b'], // inside double quotes only " $ and the escape token are escaped
    ['"a\\\\b"', 'a\\b'],
    ['"\\$S"', '$S'],
    ['"\\""', '"'],
    ['"a b"', 'a b'],
    ['""', ''],
    ['\\$S', '$S'],
    ['\\\\$S', '\\val'],
    ['a\\ b', 'a b'],
    ['\\a', 'a'],
    ['a\\', 'a'], // a trailing escape is dropped
    ['\\"a', '"a'],
    ["\\'a", "'a"],
  ])('backslash: %j → %j', (word, expected) => {
    expect(expandOrMessage(word)).toBe(expected);
  });

  it.each([
    ['`$S', '$S'],
    ['\\$S', '\\val'],
    ['C:\\path\\$S', 'C:\\path\\val'],
    ['a`', 'a'],
    ['``', '`'],
    ['"a`"b"', 'a"b'],
    ['"a\\"', 'a\\'],
    ['"`$S"', '$S'],
    ['"a`b"', 'a`b'],
    ['${U:-`}}', '}'],
  ])('backtick: %j → %j', (word, expected) => {
    expect(expandOrMessage(word, backtick)).toBe(expected);
  });
});

describe('expandWord: errors', () => {
  it.each([
    ['${}', 'syntax error: bad substitution'],
    ['${:}', 'syntax error: bad substitution'],
    ['${:-x}', 'syntax error: bad substitution'],
    ['${{S}', 'syntax error: bad substitution'],
    ['a${', "syntax error: missing '}'"],
    ['${S:-x', "syntax error: missing '}'"],
    ['${S:', "syntax error: missing '}'"],
    ['${S:}', "syntax error: missing '}'"], // the word after ":" runs to the next }
    ['${S:-"x}', "syntax error: missing '}'"], // any error at the end of input becomes this
    ['${U:-${U?boom}', "syntax error: missing '}'"],
    ['${S/x', "syntax error: missing '/' in ${}"],
    ['${S/x}', "syntax error: missing '/' in ${}"],
    ['${S//}', "syntax error: missing '/' in ${}"],
    ['${S/x/y', "syntax error: missing '}'"],
    ['${S', 'unsupported modifier (\uFFFD) in substitution'], // Go's end-of-input rune
    ['${S=x}', 'unsupported modifier (=) in substitution'],
    ['${S:=x}', 'unsupported modifier (:=) in substitution'],
    ['${S:x}', 'unsupported modifier (:x) in substitution'],
    ['${S:/x/y}', 'unsupported modifier (:/) in substitution'],
    ['${S:}x}', 'unsupported modifier (:}) in substitution'],
    ['${.}', 'unsupported modifier (.) in substitution'],
    ['${S x}', 'unsupported modifier ( ) in substitution'],
    ['${#S}', 'unsupported modifier (S) in substitution'], // no ${#var} length
    ["'abc", 'unexpected end of statement while looking for matching single-quote'],
    ['"abc', 'unexpected end of statement while looking for matching double-quote'],
    ['"abc\\"', 'unexpected end of statement while looking for matching double-quote'],
    ['${U?}', 'U: is not allowed to be unset'],
    ['${U:?}', 'U: is not allowed to be unset'],
    ['${E:?}', 'E: is not allowed to be empty'],
    ['${U?custom message}', 'U: custom message'],
    ['${E:?$S is empty}', 'E: val is empty'],
    ['${U:?"custom error"}', 'U: custom error'],
    ['${U:+${U?nested words are always evaluated}}', 'U: nested words are always evaluated'],
    ['${S#\\a}', "invalid pattern (\\a) in substitution: invalid escape '\\a'"],
    ['${S%ab\\c}', "invalid pattern (\\cba) in substitution: invalid escape '\\c'"], // % reverses the pattern first
    ['${S/\\x/y}', "invalid pattern (\\x) in substitution: invalid escape '\\x'"],
    ['${P//\\./-}', "invalid pattern (\\.) in substitution: invalid escape '\\.'"], // only * ? \ } / may be escaped
    ['${S#x\\\\\\}', "syntax error: missing '}'"],
  ])('%j fails with %j', (word, reason) => {
    expect(expandOrMessage(word)).toEqual(failure(word, reason));
  });

  it.each(['${S#}', '${S%}', '${S:#}', '${U%}', '${S#$E}'])(
    '%j reproduces the v0.13 panic on an empty pattern',
    (word) => {
      expect(expandOrMessage(word)).toEqual({
        error: 'runtime error: index out of range [0] with length 0',
        code: 'expansion-error',
      });
    },
  );

  it.each([
    ['a\tb${', '"a\\tb${"'],
    ['\\"${}', '"\\\\\\"${}"'],
    ['안${}', '"안${}"'],
    ['\u00a0${}', '"\\u00a0${}"'],
    ['\x01\x7f${}', '"\\x01\\x7f${}"'],
    ['\uFEFF${}', '"\\ufeff${}"'],
  ])('quotes the word %j as Go does: %s', (word, quoted) => {
    const result = expandOrMessage(word);
    expect(typeof result === 'object' && result.error.startsWith(`failed to process ${quoted}: `)).toBe(true);
  });

  it('reports a ? message with the name as written', () => {
    expect(expandOrMessage('${FOO:?custom error}')).toEqual(failure('${FOO:?custom error}', 'FOO: custom error'));
  });
});
