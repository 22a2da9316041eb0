/** Go's time.ParseDuration, used to check HEALTHCHECK durations exactly as BuildKit does. */

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const LIMIT = 1n << 63n;

/** Thrown with Go's own message (`time: invalid duration "x"`). */
export class DurationError extends Error {}

/** Nanoseconds of a Go duration string (`1m30s`, `1.5h`, `-2ms`). */
export function parseGoDuration(text: string): bigint {
  const invalid = (): DurationError => new DurationError(`time: invalid duration ${quote(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole = '', fraction] = [number[1], number[2]];
    if (!/^[0-9.]/.test(s) || (whole === '' && !fraction)) throw invalid();
    s = s.slice(number[0].length);
    let unitEnd = 0;
    while (unitEnd < s.length && !/[0-9.]/.test(s[unitEnd]!)) unitEnd++;
    if (unitEnd === 0) throw new DurationError(`time: missing unit in duration ${quote(text)}`);
    const unitText = s.slice(0, unitEnd);
    s = s.slice(unitEnd);
    const unit = UNITS.get(unitText);
    if (unit === undefined) throw new DurationError(`time: unknown unit ${quote(unitText)} in duration ${quote(text)}`);
    const value = BigInt(whole || '0');
    if (value > LIMIT / unit) throw invalid();
    let part = value * unit;
    if (fraction) {
      // Go scales the fraction in float64 and truncates, digits past overflow being ignored.
      const digits = fraction.replace(/^(\d{0,19}).*$/, '$1');
      part += BigInt(Math.trunc(Number(digits) * (Number(unit) / 10 ** digits.length)));
      if (part > LIMIT) throw invalid();
    }
    total += part;
    if (total > LIMIT) throw invalid();
  }
  if (negative) return -total;
  if (total > LIMIT - 1n) throw invalid();
  return total;
}

/** Go's time.quote: like `%q`, but every non-ASCII or control byte as `\xNN`. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}
