import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, expandWord, expandWords, referencedVariables } from '../../../src/expand/expandWord.js';
import { limitExceeded } from '../../../src/limits.js';
import { DockerfileError } from '../../../src/model/errors.js';

// Single characters and fragments that reach the lexer's interesting states.
const TOKENS = [
  ...Array.from('${}:-+?#%/*\\`\'" \t\n=.@01ABaé\uFEFF'),
  ...'$A ${A} ${A ${B:- ${A:+ ${A# ${A## ${A%% ${A/ ${A// ${B? ${A:? ${A: \\* \\} \\/ "$A" \'$A\''.split(' '),
];
const wordArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((parts) => parts.join('')),
);
const valueArb = fc.option(
  fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ' ', '\n', '$', '\\', '}', 'é'), maxLength: 12 }),
  {
    nil: undefined,
  },
);
const envArb = fc.record({ A: valueArb, B: valueArb });
const escapeArb = fc.constantFrom<'\\' | '`'>('\\', '`');

function expectOnlyDockerfileErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DockerfileError);
  }
}

describe('expansion properties', () => {
  it('throws nothing but DockerfileError and terminates quickly on arbitrary input', () => {
    const started = performance.now();
    fc.assert(
      fc.property(wordArb, envArb, escapeArb, (word, env, escapeToken) => {
        const lookup = (name: string) => (name === 'A' ? env.A : name === 'B' ? env.B : undefined);
        expectOnlyDockerfileErrors(() => expandWord(word, lookup, { escapeToken }));
        expectOnlyDockerfileErrors(() => expandWords(word, lookup, { escapeToken }));
        expect(Array.isArray(referencedVariables(word, { escapeToken }))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('matches literal patterns like the string functions do', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
    fc.assert(
      fc.property(
        text,
        text.filter((s) => s !== ''),
        fc.string({ unit: fc.constantFrom('x', 'y'), maxLength: 3 }),
        (value, needle, repl) => {
          const env: Record<string, string> = { V: value, N: needle, R: repl };
          const lookup = (name: string) => env[name];
          const opts = { escapeToken: '\\' } as const;
          expect(expandWord('${V#$N}', lookup, opts)).toBe(
            value.startsWith(needle) ? value.slice(needle.length) : value,
          );
          expect(expandWord('${V%%$N}', lookup, opts)).toBe(
            value.endsWith(needle) ? value.slice(0, -needle.length) : value,
          );
          expect(expandWord('${V/$N/$R}', lookup, opts)).toBe(value.replace(needle, repl));
          expect(expandWord('${V//$N/$R}', lookup, opts)).toBe(value.split(needle).join(repl));
        },
      ),
    );
  });

  it('matches wildcard patterns as the regexp BuildKit compiles would', () => {
    // The same translation BuildKit makes, run by the JS engine on inputs too short to blow up.
    const regexpFor = (pattern: string, greedy: boolean, anchored: boolean) =>
      new RegExp(
        (anchored ? '^' : '') +
          Array.from(pattern, (c) => (c === '*' ? (greedy ? '[^\\n]*' : '[^\\n]*?') : c === '?' ? '[^\\n]' : c)).join(
            '',
          ),
        'u',
      );
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 6 }).filter((p) => p !== '');
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 8 });
    fc.assert(
      fc.property(pattern, value, (pat, val) => {
        const lookup = (name: string) => (name === 'V' ? val : name === 'P' ? pat : undefined);
        const opts = { escapeToken: '\\' } as const;
        const prefix = (greedy: boolean) => {
          const m = regexpFor(pat, greedy, true).exec(val);
          return m ? val.slice(m[0].length) : val;
        };
        expect(expandWord('${V#$P}', lookup, opts)).toBe(prefix(false));
        expect(expandWord('${V##$P}', lookup, opts)).toBe(prefix(true));
        const m = regexpFor(pat, true, false).exec(val);
        expect(expandWord('${V/$P/X}', lookup, opts)).toBe(
          m ? val.slice(0, m.index) + 'X' + val.slice(m.index + m[0].length) : val,
        );
      }),
    );
  });

  it('splits words on unquoted whitespace only', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\n'), maxLength: 20 });
    fc.assert(
      fc.property(plain, (word) => {
        expect(expandWords(word, () => undefined, { escapeToken: '\\' })).toEqual(
          word.split(/[ \t\n]+/).filter((w) => w !== ''),
        );
      }),
    );
  });
});

describe('nesting limit', () => {
  const nested = (depth: number, open: string, close: string) => open.repeat(depth) + 'x' + close.repeat(depth);
  const unset = () => undefined;

  it.each([
    ['${a:-', '}'],
    ['${a:-"', '"}'],
    ['${a//', '/y}'],
  ])('refuses 10,000 levels of %j with limit-exceeded instead of overflowing the stack', (open, close) => {
    expect(() => expandWord(nested(10_000, open, close), unset, { escapeToken: '\\' })).toThrow(
      limitExceeded('expansionDepth', `variable substitutions nested deeper than ${MAX_NESTING_DEPTH} levels`),
    );
    expect(referencedVariables(nested(10_000, open, close), { escapeToken: '\\' })).toEqual(['a']);
  });

  it('expands nesting up to the limit', () => {
    // The word itself is the first level.
    expect(expandWord(nested(MAX_NESTING_DEPTH - 1, '${a:-', '}'), unset, { escapeToken: '\\' })).toBe('x');
    expect(() => expandWord(nested(MAX_NESTING_DEPTH, '${a:-', '}'), unset, { escapeToken: '\\' })).toThrow(
      DockerfileError,
    );
  });
});
