import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../../src/parse/duration.js';

describe("Go's time.ParseDuration", () => {
  it('parses units, fractions, signs and sums', () => {
    expect(parseGoDuration('0')).toBe(0n);
    expect(parseGoDuration('1h2m3s')).toBe(3_723_000_000_000n);
    expect(parseGoDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseGoDuration('.5ms')).toBe(500_000n);
    expect(parseGoDuration('5.s')).toBe(5_000_000_000n);
    expect(parseGoDuration('-2us')).toBe(-2000n);
    expect(parseGoDuration('+3µs')).toBe(3000n);
    expect(parseGoDuration('1ns')).toBe(1n);
    expect(parseGoDuration('-9223372036854775808ns')).toBe(-9223372036854775808n);
  });

  it('fails with Go messages', () => {
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => parseGoDuration('.s')).toThrow('time: invalid duration ".s"');
    expect(() => parseGoDuration('10')).toThrow('time: missing unit in duration "10"');
    expect(() => parseGoDuration('1d')).toThrow('time: unknown unit "d" in duration "1d"');
    expect(() => parseGoDuration('1 s')).toThrow('time: unknown unit " s" in duration "1 s"');
    expect(() => parseGoDuration('9223372036854775808ns')).toThrow('time: invalid duration "9223372036854775808ns"');
    expect(() => parseGoDuration('3000000h')).toThrow('time: invalid duration "3000000h"');
    expect(() => parseGoDuration('1é')).toThrow('time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"');
  });
});
