import { describe, expect, it } from 'vitest';
import { errorMessage, only, range } from './helpers.js';

const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

describe('exec form, shell form and the JSON fallback', () => {
  it('JSON strings are decoded (escapes, \\u, surrogate pairs)', () => {
    expect(only('CMD', 'CMD ["a\\tb", "\\u00e9", "\\ud83d\\ude00", "\\/"]\n').command).toEqual({
      form: 'exec',
      args: ['a\tb', 'é', '😀', '/'],
    });
  });

  it('an unpaired surrogate escape becomes U+FFFD, as in Go', () => {
    expect(only('CMD', 'CMD ["\\ud800x"]\n').command).toEqual({ form: 'exec', args: ['\ufffdx'] });
  });

  it('text that is not valid JSON falls back to the shell form', () => {
    for (const args of ["['a']", '[rails, s, -b, "0.0.0.0"]', '["a",]', '[01]', '["a"', '["tab\there"]', '[1e999]']) {
      expect(only('CMD', `CMD ${args}\n`).command).toEqual({ form: 'shell', text: args });
    }
  });

  it('anything after the closing bracket is ignored (frontend 1.7 decodes one JSON value)', () => {
    expect(only('ENTRYPOINT', 'ENTRYPOINT []random string\n').command).toEqual({ form: 'exec', args: [] });
    expect(only('RUN', 'RUN ["echo", "hi"]this\n').command).toEqual({ form: 'exec', args: ['echo', 'hi'] });
  });

  it('valid JSON with other than strings is an error without prefix', () => {
    for (const args of ['["a", 1]', '[null]', '[true]', '[["a"]]', '[{"a": "b"}]']) {
      expect(errorMessage(`FROM a\nRUN ${args}\n`)).toBe(NOT_STRINGS);
    }
    expect(errorMessage('FROM a\nCOPY ["a", 2]\n')).toBe(NOT_STRINGS);
    expect(errorMessage('FROM a\nHEALTHCHECK CMD [1]\n')).toBe(NOT_STRINGS);
  });

  it('COPY/ADD/VOLUME fall back to blank-separated words', () => {
    expect(only('COPY', "COPY ['a', 'b'] c\n").sources.map((s) => s.text)).toEqual(["['a',", "'b']"]);
    expect(only('VOLUME', 'VOLUME [/a, /b]\n').volumes.map((s) => s.text)).toEqual(['[/a,', '/b]']);
  });

  it('JSON words are positioned at their string literal', () => {
    const copy = only('COPY', 'COPY  [ "a" ,"b b"]\n');
    expect(copy.sources).toEqual([{ text: 'a', range: range(2, 9, 2, 12) }]);
    expect(copy.destination).toEqual({ text: 'b b', range: range(2, 14, 2, 19) });
  });

  it('JSON is read across continuation lines', () => {
    expect(only('CMD', 'CMD ["a", \\\n  "b"]\n').command).toEqual({ form: 'exec', args: ['a', 'b'] });
  });
});
