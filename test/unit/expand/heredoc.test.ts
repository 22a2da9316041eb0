import { describe, expect, it } from 'vitest';
import { expandHeredocBody } from '../../../src/expand/expandWord.js';
import { DockerfileError } from '../../../src/model/errors.js';

const ENV: Record<string, string> = { name: 'world', greeting: 'Hello' };
const lookup = (key: string): string | undefined => (Object.hasOwn(ENV, key) ? ENV[key] : undefined);

describe('expandHeredocBody', () => {
  it.each([
    // BuildKit integration tests testHeredocVarSubstitution and testCopyHeredocSpecialSymbols
    ['Hello ${name}!\n', 'Hello world!\n'],
    ["Hello '${name}'!\n", "Hello 'world'!\n"],
    ['Hello "${name}"!\n', 'Hello "world"!\n'],
    ['"quotes in file"\n', '"quotes in file"\n'],
    ['\\\n', '\n'], // backslash-newline: the backslash goes, the newline stays
    ['\\\\\n', '\\\n'],
    ['\\$\n', '$\n'],
    // more
    ['$greeting, $name\n$unset.\n', 'Hello, world\n.\n'],
    ["it's\n", "it's\n"], // an unbalanced quote is just a character
    ['"$name\n', '"world\n'],
    ['${unset:-"dflt"}\n', '"dflt"\n'],
    ['echo $(date) \\$HOME\n', 'echo $(date) $HOME\n'],
    ['printf "a\\tb"\n', 'printf "atb"\n'], // escapes are processed, so \t loses its backslash
    ['a`$name`\n', 'a`world`\n'], // the backtick is no escape here, whatever the directive
    ['tail\\', 'tail'],
    ['', ''],
  ])('%j → %j', (body, expected) => {
    expect(expandHeredocBody(body, lookup)).toBe(expected);
  });

  it('fails with the body quoted', () => {
    expect(() => expandHeredocBody('line\n${name\n', lookup)).toThrow(
      new DockerfileError(
        'expansion-error',
        'failed to process "line\\n${name\\n": unsupported modifier (\n) in substitution',
      ),
    );
    expect(() => expandHeredocBody('x ${}\n', lookup)).toThrow(
      new DockerfileError('expansion-error', 'failed to process "x ${}\\n": syntax error: bad substitution'),
    );
  });
});
