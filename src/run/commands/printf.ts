import { Unsupported } from '../errors.js';
import { escapeAt, expandEscapes } from './escapes.js';
import type { CommandImpl } from './types.js';

/** Messages of ash's builtins carry busybox's applet name, which is the shell's: `sh`. */
const PREFIX = 'sh';

interface Spec {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  conversion: string;
}

/**
 * busybox printf (ash's builtin): the format is reused while arguments remain; a missing
 * argument is "" (0 for numbers, after an "invalid number" complaint that fails the command).
 */
export const printf: CommandImpl = (inv) => {
  let args = inv.argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    inv.io.stderr.write(`${PREFIX}: usage: printf FORMAT [ARGUMENT...]\n`);
    return 2;
  }
  const format = Buffer.from(args[0]!).toString('latin1');
  let rest = args.slice(1);
  const out: number[] = [];
  let failed = false;
  const write = (text: string): void => {
    for (const b of Buffer.from(text, 'latin1')) out.push(b);
  };
  const number = (arg: string): bigint => {
    const parsed = parseNumber(arg.replace(/^\s+/, ''));
    if (parsed === undefined) {
      inv.io.stderr.write(`${PREFIX}: invalid number '${arg}'\n`);
      failed = true;
      return 0n;
    }
    return parsed;
  };
  for (;;) {
    const before = rest.length;
    let stop = false;
    for (let i = 0; i < format.length && !stop; i++) {
      const ch = format[i]!;
      if (ch === '\\') {
        if (format[i + 1] === 'c') {
          stop = true;
          rest = [];
          break;
        }
        const { byte, next } = escapeAt(format, i + 1);
        out.push(byte);
        i = next - 1;
        continue;
      }
      if (ch !== '%') {
        out.push(ch.charCodeAt(0));
        continue;
      }
      if (format[i + 1] === '%') {
        out.push(0x25);
        i++;
        continue;
      }
      if (format[i + 1] === 'b') {
        i++;
        const arg = rest.shift();
        if (arg === undefined) continue;
        const { bytes, stop: cut } = expandEscapes(arg);
        out.push(...bytes);
        if (cut) {
          stop = true;
          rest = [];
        }
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d*)(?:\.(\*|\d*))?[lLhz]*([diouxXfeEgGcs])?/.exec(format.slice(i));
      if (!m || m[4] === undefined) {
        inv.io.stderr.write(`${PREFIX}: ${Buffer.from(format.slice(i), 'latin1').toString()}: invalid format\n`);
        inv.io.stdout.write(Buffer.from(out));
        return 1;
      }
      i += m[0].length - 1;
      const width = m[2] === '*' ? Number(number(rest.shift() ?? '')) : m[2] ? Number(m[2]) : undefined;
      const precision = m[3] === undefined ? undefined : m[3] === '*' ? Number(number(rest.shift() ?? '')) : Number(m[3] || '0');
      const spec: Spec = { flags: m[1]!, width, precision, conversion: m[4] };
      const arg = rest.shift() ?? '';
      write(formatOne(spec, arg, number));
    }
    if (stop || rest.length === 0 || rest.length === before) break;
  }
  inv.io.stdout.write(Buffer.from(out));
  return failed ? 1 : 0;
};

/** bb_strtoll/bb_strtoull with base 0, and `'c`/`"c` for a character's code. */
function parseNumber(arg: string): bigint | undefined {
  if (arg.startsWith("'") || arg.startsWith('"')) return BigInt(Buffer.from(arg.slice(1, 2) || '\0')[0] ?? 0);
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(arg);
  if (!m) return undefined;
  const digits = m[2]!;
  const value = /^0[xX]/.test(digits) ? BigInt(digits) : digits.startsWith('0') && digits.length > 1 ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  return m[1] === '-' ? -value : value;
}

function formatOne(spec: Spec, arg: string, number: (arg: string) => bigint): string {
  const { conversion: c, precision } = spec;
  let body: string;
  let sign = '';
  let prefix = '';
  let numeric = false;
  switch (c) {
    case 's':
      body = Buffer.from(arg).toString('latin1');
      if (precision !== undefined) body = body.slice(0, precision);
      break;
    case 'c':
      body = Buffer.from(arg).toString('latin1').slice(0, 1) || '\0'; // C's %c of "" prints its NUL
      break;
    case 'd':
    case 'i': {
      const v = number(arg);
      numeric = true;
      sign = v < 0n ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
      body = digits((v < 0n ? -v : v).toString(), precision);
      break;
    }
    case 'o':
    case 'u':
    case 'x':
    case 'X': {
      let v = number(arg);
      if (v < 0n) v = BigInt.asUintN(64, v);
      numeric = true;
      const radix = c === 'o' ? 8 : c === 'u' ? 10 : 16;
      body = digits(v.toString(radix), precision);
      if (c === 'X') body = body.toUpperCase();
      if (spec.flags.includes('#') && v !== 0n) {
        if (c === 'o' && !body.startsWith('0')) body = '0' + body;
        if (c === 'x') prefix = '0x';
        if (c === 'X') prefix = '0X';
      }
      break;
    }
    default:
      throw new Unsupported('', `printf %${c}`);
  }
  const width = spec.width ?? 0;
  const left = spec.flags.includes('-') || width < 0;
  const pad = Math.abs(width) - sign.length - prefix.length - body.length;
  if (pad <= 0) return sign + prefix + body;
  if (left) return sign + prefix + body + ' '.repeat(pad);
  if (numeric && spec.flags.includes('0') && precision === undefined) return sign + prefix + '0'.repeat(pad) + body;
  return ' '.repeat(pad) + sign + prefix + body;
}

/** An integer's digits with C's minimum-digits precision (`%.0d` of 0 is empty). */
function digits(text: string, precision: number | undefined): string {
  if (precision === undefined) return text;
  if (precision === 0 && text === '0') return '';
  return text.padStart(precision, '0');
}
