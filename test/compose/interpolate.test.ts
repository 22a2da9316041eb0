import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/compose/dotenv.js';
import { interpolate, InterpolationError } from '../../src/compose/interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', TAG: 'v1', NESTED: '${SET}' };
const lookup = (name: string): string | undefined => env[name];
const value = (template: string): string => interpolate(template, lookup).value;

describe('compose interpolation', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['x-${SET}-y', 'x-value-y'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:-default}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${TAG}}', 'v1'],
    ['${UNSET:-${ALSO_UNSET:-deep}}-x', 'deep-x'],
    ['${UNSET:-a-b}', 'a-b'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: 5$', 'cost: 5$'],
    ['$1 and $-', '$1 and $-'],
    ['${NESTED}', '${SET}'], // a value is not interpolated again
    ['$SET_suffix', ''],
  ])('%j -> %j', (template, expected) => {
    expect(value(template)).toBe(expected);
  });

  it('reports variables used without a value or default', () => {
    expect(interpolate('$A ${B} ${C:-x} ${D-} $SET', lookup).unset).toEqual(['A', 'B']);
  });

  it.each([
    ['${UNSET:?must be set}', 'required variable UNSET is missing a value: must be set'],
    ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
    ['${UNSET?needs $TAG}', 'required variable UNSET is missing a value: needs v1'],
    ['${}', 'Invalid template: "${}"'],
    ['${SET', 'Invalid template: "${SET"'],
    ['${1X}', 'Invalid template: "${1X}"'],
    ['${SET/a/b}', 'Invalid template: "${SET/a/b}"'],
  ])('%j fails: %s', (template, message) => {
    expect(() => value(template)).toThrow(new InterpolationError(message));
  });

  it('lets a set-but-empty variable through ${VAR?err}', () => {
    expect(value('${EMPTY?err}')).toBe('');
  });
});

describe('.env files', () => {
  it('reads Compose dotenv syntax', () => {
    const text = [
      '# comment',
      'PLAIN=value # inline comment',
      'export EXPORTED=yes',
      "SINGLE='no $SET expansion \\n'",
      'DOUBLE="line\\nbreak ${SET}"',
      'YAML_STYLE: colon',
      'SPACED = " padded "',
      'REF=${PLAIN}-x',
      'SHELL_WINS=${SET}',
      'DOLLAR="\\$literal"',
      'MULTI="a',
      'b"',
      'EMPTY=',
      'INHERITED',
      'MISSING_INHERITED',
      '',
    ].join('\n');
    const out = parseDotenv(text, (name) => (name === 'INHERITED' ? 'from shell' : name === 'SET' ? 'shell-set' : undefined));
    expect(Object.fromEntries(out)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SINGLE: 'no $SET expansion \\n',
      DOUBLE: 'line\nbreak shell-set',
      YAML_STYLE: 'colon',
      SPACED: ' padded ',
      REF: 'value-x',
      SHELL_WINS: 'shell-set',
      DOLLAR: '$literal',
      MULTI: 'a\nb',
      EMPTY: '',
      INHERITED: 'from shell',
    });
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseDotenv('A=1\nBAD KEY=2\n', () => undefined)).toThrow('line 2: key cannot contain a space');
    expect(() => parseDotenv('A=1\nB="open\n', () => undefined)).toThrow('line 2: unterminated quoted value "open');
    expect(() => parseDotenv('A$=1\n', () => undefined)).toThrow('line 1: unexpected character "$" in variable name "A$=1"');
  });
});
