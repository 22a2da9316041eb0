import { describe, expect, it } from 'vitest';
import { expandWord, expandWords } from '../../../src/expand/expandWord.js';
import { DockerfileError } from '../../../src/model/errors.js';

// Input/expected pairs ported from BuildKit v0.13.2 (frontend/dockerfile/shell/): the data-driven
// corpora `envVarTest` and `wordsTest` and the cases of `lex_test.go`. Only the data is taken.

const ERROR = Symbol('error');
const opts = { escapeToken: '\\' } as const;
const envOf =
  (env: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.hasOwn(env, name) ? env[name] : undefined;

function outcome<T>(run: () => T): T | typeof ERROR {
  try {
    return run();
  } catch (error) {
    expect(error).toBeInstanceOf(DockerfileError);
    expect((error as DockerfileError).code).toBe('expansion-error');
    return ERROR;
  }
}

// envVarTest, Unix and all-platform lines, evaluated with its environment.
const ENV_VAR_TEST_ENV = { PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' };
const ENV_VAR_TEST: ReadonlyArray<readonly [string, string | typeof ERROR]> = [
  ['hello', 'hello'],
  ["he'll'o", 'hello'],
  ["he'llo", ERROR],
  ["he\\'llo", "he'llo"],
  ["he\\\\'llo", ERROR],
  ['abc\\tdef', 'abctdef'],
  ['"abc\\tdef"', 'abc\\tdef'],
  ['"abc\\\\tdef"', 'abc\\tdef'],
  ["'abc\\tdef'", 'abc\\tdef'],
  ['hello\\', 'hello'],
  ['hello\\\\', 'hello\\'],
  ['"hello', ERROR],
  ['"hello\\"', ERROR],
  ['"hel\'lo"', "hel'lo"],
  ["'hello", ERROR],
  ["'hello\\'", 'hello\\'],
  ["'hello\\there'", 'hello\\there'],
  ["'hello\\\\there'", 'hello\\\\there'],
  ['"\'\'"', "''"],
  ['$.', '$.'],
  ['he$1x', 'hex'],
  ['he$.x', 'he$.x'],
  ['he$pwd.', 'he.'],
  ['he$PWD', 'he/home'],
  ['he\\$PWD', 'he$PWD'],
  ['he\\\\$PWD', 'he\\/home'],
  ['"he\\$PWD"', 'he$PWD'],
  ['"he\\\\$PWD"', 'he\\/home'],
  ['\\${}', '${}'],
  ['\\${}aaa', '${}aaa'],
  ['he\\${}', 'he${}'],
  ['he\\${}xx', 'he${}xx'],
  ['${}', ERROR],
  ['${}aaa', ERROR],
  ['he${}', ERROR],
  ['he${}xx', ERROR],
  ['he${hi}', 'he'],
  ['he${hi}xx', 'hexx'],
  ['he${PWD}', 'he/home'],
  ['he${.}', ERROR],
  ['he${XXX:-000}xx', 'he000xx'],
  ['he${PWD:-000}xx', 'he/homexx'],
  ['he${XXX:-$PWD}xx', 'he/homexx'],
  ['he${XXX:-${PWD:-yyy}}xx', 'he/homexx'],
  ['he${XXX:-${YYY:-yyy}}xx', 'heyyyxx'],
  ['he${XXX:YYY}', ERROR],
  ['he${XXX?}', ERROR],
  ['he${XXX:?}', ERROR],
  ['he${PWD?}', 'he/home'],
  ['he${PWD:?}', 'he/home'],
  ['he${NULL?}', 'he'],
  ['he${NULL:?}', ERROR],
  ['he${XXX:+${PWD}}xx', 'hexx'],
  ['he${PWD:+${XXX}}xx', 'hexx'],
  ['he${PWD:+${SHELL}}xx', 'hebashxx'],
  ['he${XXX:+000}xx', 'hexx'],
  ['he${PWD:+000}xx', 'he000xx'],
  ["'he${XX}'", 'he${XX}'],
  ['"he${PWD}"', 'he/home'],
  ['"he\'$PWD\'"', "he'/home'"],
  ['"$PWD"', '/home'],
  ["'$PWD'", '$PWD'],
  ["'\\$PWD'", '\\$PWD'],
  ['\'"hello"\'', '"hello"'],
  ['he\\$PWD', 'he$PWD'],
  ['"he\\$PWD"', 'he$PWD'],
  ["'he\\$PWD'", 'he\\$PWD'],
  ['he${PWD', ERROR],
  ['he${PWD:=000}xx', ERROR],
  ['he${PWD:+${PWD}:}xx', 'he/home:xx'],
  ['he${XXX:-\\$PWD:}xx', 'he$PWD:xx'],
  ['he${XXX:-\\${PWD}z}xx', 'he${PWDz}xx'],
  ['안녕하세요', '안녕하세요'],
  ["안'녕'하세요", '안녕하세요'],
  ["안'녕하세요", ERROR],
  ["안녕\\'하세요", "안녕'하세요"],
  ["안\\\\'녕하세요", ERROR],
  ['안녕\\t하세요', '안녕t하세요'],
  ['"안녕\\t하세요"', '안녕\\t하세요'],
  ["'안녕\\t하세요", ERROR],
  ['안녕하세요\\', '안녕하세요'],
  ['안녕하세요\\\\', '안녕하세요\\'],
  ['"안녕하세요', ERROR],
  ['"안녕하세요\\"', ERROR],
  ['"안녕\'하세요"', "안녕'하세요"],
  ["'안녕하세요", ERROR],
  ["'안녕하세요\\'", '안녕하세요\\'],
  ['안녕$1x', '안녕x'],
  ['안녕$.x', '안녕$.x'],
  ['안녕$pwd.', '안녕.'],
  ['안녕$PWD', '안녕/home'],
  ['안녕\\$PWD', '안녕$PWD'],
  ['안녕\\\\$PWD', '안녕\\/home'],
  ['안녕\\${}', '안녕${}'],
  ['안녕\\${}xx', '안녕${}xx'],
  ['안녕${}', ERROR],
  ['안녕${}xx', ERROR],
  ['안녕${hi}', '안녕'],
  ['안녕${hi}xx', '안녕xx'],
  ['안녕${PWD}', '안녕/home'],
  ['안녕${.}', ERROR],
  ['안녕${XXX:-000}xx', '안녕000xx'],
  ['안녕${PWD:-000}xx', '안녕/homexx'],
  ['안녕${XXX:-$PWD}xx', '안녕/homexx'],
  ['안녕${XXX:-${PWD:-yyy}}xx', '안녕/homexx'],
  ['안녕${XXX:-${YYY:-yyy}}xx', '안녕yyyxx'],
  ['안녕${XXX:YYY}', ERROR],
  ['안녕${XXX:+${PWD}}xx', '안녕xx'],
  ['안녕${PWD:+${XXX}}xx', '안녕xx'],
  ['안녕${PWD:+${SHELL}}xx', '안녕bashxx'],
  ['안녕${XXX:+000}xx', '안녕xx'],
  ['안녕${PWD:+000}xx', '안녕000xx'],
  ["'안녕${XX}'", '안녕${XX}'],
  ['"안녕${PWD}"', '안녕/home'],
  ['"안녕\'$PWD\'"', "안녕'/home'"],
  ['\'"안녕"\'', '"안녕"'],
  ['안녕\\$PWD', '안녕$PWD'],
  ['"안녕\\$PWD"', '안녕$PWD'],
  ["'안녕\\$PWD'", '안녕\\$PWD'],
  ['안녕${PWD', ERROR],
  ['안녕${PWD:=000}xx', ERROR],
  ['안녕${PWD:+${PWD}:}xx', '안녕/home:xx'],
  ['안녕${XXX:-\\$PWD:}xx', '안녕$PWD:xx'],
  ['안녕${XXX:-\\${PWD}z}xx', '안녕${PWDz}xx'],
  ['$KOREAN', '한국어'],
  ['안녕$KOREAN', '안녕한국어'],
  ['${{aaa}', ERROR],
  ['${aaa}}', '}'],
  ['${aaa', ERROR],
  ['${{aaa:-bbb}', ERROR],
  ['${aaa:-bbb}}', 'bbb}'],
  ['${aaa:-bbb', ERROR],
  ['${aaa:-bbb}', 'bbb'],
  ['${aaa:-${bbb:-ccc}}', 'ccc'],
  ['${aaa:-bbb ${foo}', ERROR],
  ['${aaa:-bbb {foo}', 'bbb {foo'],
  ['${:}', ERROR],
  ['${:-bbb}', ERROR],
  ['${:+bbb}', ERROR],
  ['$1', ''],
  ['${1}', ''],
  ['${1:+bbb}', ''],
  ['${1:-bbb}', 'bbb'],
  ['$2', ''],
  ['${2}', ''],
  ['${2:+bbb}', ''],
  ['${2:-bbb}', 'bbb'],
  ['$3', ''],
  ['${3}', ''],
  ['${3:+bbb}', ''],
  ['${3:-bbb}', 'bbb'],
  ['$4', ''],
  ['${4}', ''],
  ['${4:+bbb}', ''],
  ['${4:-bbb}', 'bbb'],
  ['$5', ''],
  ['${5}', ''],
  ['${5:+bbb}', ''],
  ['${5:-bbb}', 'bbb'],
  ['$6', ''],
  ['${6}', ''],
  ['${6:+bbb}', ''],
  ['${6:-bbb}', 'bbb'],
  ['$7', ''],
  ['${7}', ''],
  ['${7:+bbb}', ''],
  ['${7:-bbb}', 'bbb'],
  ['$8', ''],
  ['${8}', ''],
  ['${8:+bbb}', ''],
  ['${8:-bbb}', 'bbb'],
  ['$9', ''],
  ['${9}', ''],
  ['${9:+bbb}', ''],
  ['${9:-bbb}', 'bbb'],
  ['$999', ''],
  ['${999}', ''],
  ['${999:+bbb}', ''],
  ['${999:-bbb}', 'bbb'],
  ['$999aaa', 'aaa'],
  ['${999}aaa', 'aaa'],
  ['${999:+bbb}aaa', 'aaa'],
  ['${999:-bbb}aaa', 'bbbaaa'],
  ['$001', ''],
  ['${001}', ''],
  ['${001:+bbb}', ''],
  ['${001:-bbb}', 'bbb'],
  ['$001aaa', 'aaa'],
  ['${001}aaa', 'aaa'],
  ['${001:+bbb}aaa', 'aaa'],
  ['${001:-bbb}aaa', 'bbbaaa'],
  ['$@', ''],
  ['${@}', ''],
  ['${@:+bbb}', ''],
  ['${@:-bbb}', 'bbb'],
  ['$@@@', '@@'],
  ['$@aaa', 'aaa'],
  ['${@}aaa', 'aaa'],
  ['${@:+bbb}aaa', 'aaa'],
  ['${@:-bbb}aaa', 'bbbaaa'],
  ['$*', ''],
  ['${*}', ''],
  ['${*:+bbb}', ''],
  ['${*:-bbb}', 'bbb'],
  ['$#', ''],
  ['${#}', ''],
  ['${#:+bbb}', ''],
  ['${#:-bbb}', 'bbb'],
  ['$?', ''],
  ['${?}', ''],
  ['${?:+bbb}', ''],
  ['${?:-bbb}', 'bbb'],
  ['$-', ''],
  ['${-}', ''],
  ['${-:+bbb}', ''],
  ['${-:-bbb}', 'bbb'],
  ['$$', ''],
  ['${$}', ''],
  ['${$:+bbb}', ''],
  ['${$:-bbb}', 'bbb'],
  ['$!', ''],
  ['${!}', ''],
  ['${!:+bbb}', ''],
  ['${!:-bbb}', 'bbb'],
  ['$0', ''],
  ['${0}', ''],
  ['${0:+bbb}', ''],
  ['${0:-bbb}', 'bbb'],
];

// wordsTest: each group's environment is the ENV lines read so far.
const WORDS_TEST: ReadonlyArray<{
  env: Record<string, string>;
  cases: ReadonlyArray<readonly [string, readonly string[] | typeof ERROR]>;
}> = [
  {
    env: {},
    cases: [
      ['hello', ['hello']],
      ['hello${hi}bye', ['hellobye']],
    ],
  },
  { env: { hi: 'hi' }, cases: [['hello${hi}bye', ['hellohibye']]] },
  {
    env: { hi: 'hi', space: 'abc  def' },
    cases: [
      ['hello${space}bye', ['helloabc', 'defbye']],
      ['hello"${space}"bye', ['helloabc  defbye']],
      ['hello "${space}"bye', ['hello', 'abc  defbye']],
    ],
  },
  {
    env: { hi: 'hi', space: 'abc  def', leading: '  ab c' },
    cases: [
      ['hello${leading}def', ['hello', 'ab', 'cdef']],
      ['hello"${leading}" def', ['hello  ab c', 'def']],
      ['hello"${leading}"', ['hello  ab c']],
      ['hello${leading}', ['hello', 'ab', 'c']],
    ],
  },
  {
    env: { hi: 'hi', space: 'abc  def', leading: '  ab c', trailing: 'ab c   ' },
    cases: [
      ['hello${trailing}', ['helloab', 'c']],
      ['hello${trailing}d', ['helloab', 'c', 'd']],
      ['hello"${trailing}"d', ['helloab c   d']],
      ['hel"lo${trailing}"', ['helloab c   ']],
      ['hello" there  "', ['hello there  ']],
      ['hello there', ['hello', 'there']],
      ['hello\\ there', ['hello there']],
      ['hello" there', ERROR],
      ['hello\\" there', ['hello"', 'there']],
      ['hello"\\\\there"', ['hello\\there']],
      ['hello"\\there"', ['hello\\there']],
      ["hello'\\\\there'", ['hello\\\\there']],
      ["hello'\\there'", ['hello\\there']],
      ["hello'$there'", ['hello$there']],
    ],
  },
];

// lex_test.go TestProcessWithMatches: [input, env, expected].
const PROCESS_WITH_MATCHES: ReadonlyArray<readonly [string, Record<string, string>, string | typeof ERROR]> = [
  ['x', { DUMMY: 'dummy' }, 'x'],
  ['x ${UNUSED}', { DUMMY: 'dummy' }, 'x '],
  ['x ${FOO}', { FOO: 'y' }, 'x y'],
  ['${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', { FOO: 'xxx', BAR: '' }, 'xxx  ccc'],
  ['${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', { FOO: 'xxx', BAR: '' }, 'xxx bbb ccc'],
  ['${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}', { FOO: 'xxx', BAR: '' }, 'aaa bbb '],
  ['${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', { FOO: 'xxx', BAR: '' }, 'aaa  '],
  ['${FOO?aaa}', { FOO: 'xxx', BAR: '' }, 'xxx'],
  ['${BAR?bbb}', { FOO: 'xxx', BAR: '' }, ''],
  ['${BAZ?ccc}', { FOO: 'xxx', BAR: '' }, ERROR],
  ['${FOO:?aaa}', { FOO: 'xxx', BAR: '' }, 'xxx'],
  ['${BAR:?bbb}', { FOO: 'xxx', BAR: '' }, ERROR],
  ['${BAZ:?ccc}', { FOO: 'xxx', BAR: '' }, ERROR],
  ['${FOO=aaa}', { FOO: 'xxx', BAR: '' }, ERROR],
  ['${FOO=:aaa}', { FOO: 'xxx', BAR: '' }, ERROR],
  ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' }, 'x'],
  ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx'],
  ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y'],
  ['${FOO##*x}', { FOO: 'xxyy' }, 'yy'],
  ['${FOO#?\\?}', { FOO: '???y' }, '?y'],
  ['${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' }, '.xxyy.'],
  ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a'],
  ['${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' }, '/foo.*/*.txt - /foo..*.txt'],
  ['${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' }, '/tmp/bar.txt - /bar.txt'],
  [
    '${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}',
    { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' },
    '/foo/b/c.txt - /foo/c.txt',
  ],
  [
    '${FOO/$NEEDLE/$REPLACEMENT}',
    { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' },
    'https://google.de',
  ],
  ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, '\\/tmp\\/foo.txt'],
  // TestShellParserMandatoryEnvVars
  ['${VAR:?message here$ARG}', { VAR: 'plain', ARG: 'x' }, 'plain'],
  ['${VAR?message here$ARG}', { VAR: 'plain', ARG: 'x' }, 'plain'],
  ['${VAR?message here$ARG}', { VAR: '', ARG: 'x' }, ''],
  // TestProcessWithMatchesPlatform
  [
    'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz',
    { VERSION: 'v1.2.3', TARGETOS: 'linux', TARGETARCH: 'arm', TARGETVARIANT: 'v7' },
    'something-v1.2.3.linux-arm-v7.tar.gz',
  ],
  [
    'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz',
    { VERSION: 'v1.2.3', TARGETOS: 'linux', TARGETARCH: 'arm64', TARGETVARIANT: '' },
    'something-v1.2.3.linux-arm64.tar.gz',
  ],
  [
    'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz',
    { VERSION: 'v1.2.3', TARGETOS: 'linux', TARGETARCH: 'arm64' },
    'something-v1.2.3.linux-arm64.tar.gz',
  ],
];

// lex_test.go TestConvertShellPatternToRegex: patterns it rejects.
const INVALID_PATTERNS = ['\\', '\\x', '\\\\\\'];

describe('BuildKit v0.13.2 shell corpora', () => {
  it.each(ENV_VAR_TEST)('envVarTest %j', (input, expected) => {
    expect(outcome(() => expandWord(input, envOf(ENV_VAR_TEST_ENV), opts))).toBe(expected);
  });

  for (const group of WORDS_TEST) {
    it.each(group.cases)(`wordsTest %j with ${JSON.stringify(group.env)}`, (input, expected) => {
      expect(outcome(() => expandWords(input, envOf(group.env), opts))).toEqual(expected);
    });
  }

  it.each(PROCESS_WITH_MATCHES)('lex_test %j %j', (input, env, expected) => {
    expect(outcome(() => expandWord(input, envOf(env), opts))).toBe(expected);
  });

  it.each(INVALID_PATTERNS)('rejects the pattern %j', (pattern) => {
    expect(outcome(() => expandWord('${V#$P}', envOf({ V: 'v', P: pattern }), opts))).toBe(ERROR);
  });
});
