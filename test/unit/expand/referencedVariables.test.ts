import { describe, expect, it } from 'vitest';
import { referencedVariables } from '../../../src/expand/expandWord.js';

describe('referencedVariables', () => {
  it.each<[string, string[]]>([
    ['plain', []],
    ['$A ${B}', ['A', 'B']],
    ['${C:-$D} ${E#$F} ${G//$H/$I}', ['C', 'D', 'E', 'F', 'G', 'H', 'I']],
    ['${A:+${B:-${C}}}', ['A', 'B', 'C']],
    ['$A$A ${A}', ['A']],
    ['\'$A\' "$B"', ['B']],
    ['\\$A $B', ['B']],
    ['$1 $@ ${#} $$', ['1', '@', '#', '$']],
    ['$ $. ${U?} ${V:?}', ['U', 'V']], // ? modifiers do not stop the scan
    ['$A ${B', ['A', 'B']], // names read before the error
    ['$A ${', ['A']],
    ['$A "unterminated $B', ['A', 'B']],
    ['$A ${B#} $C', ['A', 'B']], // the v0.13 panic stops the scan
  ])('%j → %j', (word, expected) => {
    expect(referencedVariables(word, { escapeToken: '\\' })).toEqual(expected);
  });

  it('follows the escape token', () => {
    expect(referencedVariables('`$A \\$B', { escapeToken: '`' })).toEqual(['B']);
    expect(referencedVariables('`$A \\$B', { escapeToken: '\\' })).toEqual(['A']);
  });
});
