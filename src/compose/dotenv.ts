import { interpolate, type Lookup } from './interpolate.js';

/** A line of a `.env` file Compose would refuse. */
export class DotenvError extends Error {
  override readonly name = 'DotenvError';
}

/**
 * Parses a `.env` file as Compose does (compose-go's dotenv): `KEY=value` or `KEY: value`, an
 * optional `export `, `#` comments and ` #` inline comments after unquoted values; single quotes
 * are literal, double quotes take `\n`-style escapes; unquoted and double-quoted values are
 * interpolated, with the shell environment (`lookup`) before the file's earlier keys. A bare
 * `KEY` takes the shell's value, if any.
 */
export function parseDotenv(text: string, lookup: Lookup): Map<string, string> {
  const out = new Map<string, string>();
  const resolve: Lookup = (name) => lookup(name) ?? out.get(name);
  let rest = text.replace(/^\uFEFF/, '');
  let line = 1;
  for (;;) {
    // Skip blank space and comment lines.
    const start = rest.search(/\S/);
    if (start < 0) break;
    line += count(rest.slice(0, start), '\n');
    rest = rest.slice(start);
    if (rest.startsWith('#')) {
      const nl = rest.indexOf('\n');
      if (nl < 0) break;
      rest = rest.slice(nl);
      continue;
    }
    if (/^export\s+/.test(rest)) rest = rest.replace(/^export[ \t\v\f\r]*/, '');
    const keyEnd = rest.search(/[=:\n]/);
    const key = (keyEnd < 0 ? rest : rest.slice(0, keyEnd)).trimEnd();
    const bad = /[^A-Za-z0-9_.\-[\]\s\p{L}\p{N}]/u.exec(key);
    if (bad) throw new DotenvError(`line ${line}: unexpected character ${JSON.stringify(bad[0])} in variable name ${JSON.stringify(rest.split('\n')[0])}`);
    if (/\s/.test(key)) throw new DotenvError(`line ${line}: key cannot contain a space`);
    if (keyEnd < 0 || rest[keyEnd] === '\n') {
      const value = lookup(key);
      if (value !== undefined) out.set(key, value);
      rest = keyEnd < 0 ? '' : rest.slice(keyEnd + 1);
      line++;
      continue;
    }
    rest = rest.slice(keyEnd + 1).replace(/^[ \t\v\f\r]+/, '');
    const { value, left, lines } = readValue(rest, resolve, line);
    out.set(key, value);
    line += lines;
    rest = left;
  }
  return out;
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

function readValue(src: string, lookup: Lookup, line: number): { value: string; left: string; lines: number } {
  const quote = src[0];
  if (quote !== '"' && quote !== "'") {
    const nl = src.indexOf('\n');
    let value = nl < 0 ? src : src.slice(0, nl);
    const comment = value.indexOf(' #');
    if (comment >= 0) value = value.slice(0, comment);
    return { value: expand(value.trimEnd(), lookup, line), left: nl < 0 ? '' : src.slice(nl + 1), lines: 1 };
  }
  let chars = '';
  let escaped = false;
  for (let i = 1; i < src.length; i++) {
    const c = src[i]!;
    if (c !== quote) {
      if (!escaped && c === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) chars += '\\';
      escaped = false;
      chars += c;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += c;
      continue;
    }
    const value = quote === '"' ? expand(unescape(chars), lookup, line) : chars;
    return { value, left: src.slice(i + 1), lines: count(src.slice(0, i), '\n') };
  }
  throw new DotenvError(`line ${line}: unterminated quoted value ${src.split('\n')[0]}`);
}

/** The escapes a double-quoted value takes; `\$` stays a literal dollar. */
function unescape(s: string): string {
  const table: Record<string, string> = { a: '\x07', b: '\b', c: '\\c', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };
  return s.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, (m) => {
    if (m[1] !== '0') return table[m[1]!]!;
    // `\0ddd` is Go's `\ddd`: exactly three octal digits up to 255, else the text stays.
    const digits = m.slice(2);
    return /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 255 ? String.fromCharCode(parseInt(digits, 8)) : m;
  });
}

function expand(value: string, lookup: Lookup, line: number): string {
  try {
    return interpolate(value, lookup).value;
  } catch (err) {
    throw new DotenvError(`line ${line}: ${(err as Error).message}`);
  }
}
