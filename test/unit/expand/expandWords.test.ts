import { describe, expect, it } from 'vitest';
import { expandWords, type ExpandOptions } from '../../../src/expand/expandWord.js';
import { DockerfileError } from '../../../src/model/errors.js';

const ENV: Record<string, string> = {
  PORTS: '3000 4000/udp',
  TABS: '\t80\n\n443\t',
  EMPTY: '',
  ONE: '8080',
};
const lookup = (name: string): string | undefined => (Object.hasOwn(ENV, name) ? ENV[name] : undefined);
const backslash: ExpandOptions = { escapeToken: '\\' };

describe('expandWords', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['80', ['80']],
    ['80 443', ['80', '443']],
    [' \t80\n443 ', ['80', '443']],
    ['$PORTS', ['3000', '4000/udp']], // values of unquoted variables are split
    ['"$PORTS"', ['3000 4000/udp']],
    ["'$PORTS'", ['$PORTS']],
    ['$TABS', ['80', '443']],
    ['x$PORTS', ['x3000', '4000/udp']],
    ['${UNSET:-80 443}', ['80', '443']],
    ['${UNSET:-"80 443"}', ['80', '443']], // quotes inside a modifier word are gone before splitting
    ['$EMPTY', []],
    ['$EMPTY 80', ['80']],
    ['""', []], // an empty quoted string makes no word
    ['a "" b', ['a', 'b']],
    ['"" a', ['a']],
    ['"a b" c', ['a b', 'c']],
    ['a\\ b', ['a b']],
    ['a\\\tb', ['a\tb']],
    ['a\u00a0b', ['a', 'b']], // Go's unicode.IsSpace includes no-break space
    ['a\u2003b', ['a', 'b']],
    ['a\uFEFFb', ['a\uFEFFb']],
    ['$ONE/tcp $ONE/udp', ['8080/tcp', '8080/udp']],
  ])('%j → %j', (word, expected) => {
    expect(expandWords(word, lookup, backslash)).toEqual(expected);
  });

  it('escapes with the backtick when the escape directive says so', () => {
    expect(expandWords('a` b c\\ d', lookup, { escapeToken: '`' })).toEqual(['a b', 'c\\', 'd']);
  });

  it('fails like expandWord', () => {
    expect(() => expandWords('80 "443', lookup, backslash)).toThrow(
      new DockerfileError(
        'expansion-error',
        'failed to process "80 \\"443": unexpected end of statement while looking for matching double-quote',
      ),
    );
  });
});
