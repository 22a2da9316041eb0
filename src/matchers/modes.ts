import { formatTreeLine, type EntryType } from '../index.js';
import { octal } from './messages.js';
import { argumentError } from './received.js';

/** A mode as a number (`0o644`) or as `ls -l` writes it (`-rw-r--r--`, `rwxr-xr-x`). */
export type ModeSpec = number | string;

/** The permission bits a mode option asks for; misuse throws. */
export function parseMode(matcher: string, spec: unknown, type: 'file' | 'dir'): number {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 0 || spec > 0o7777) throw argumentError(matcher, `mode ${spec} is not a permission mode (0 to 0o7777)`);
    return spec;
  }
  if (typeof spec !== 'string' || !/^[-dlh]?[-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]$/.test(spec)) {
    throw argumentError(matcher, `mode must be a number such as 0o644 or a string such as "-rw-r--r--", received ${JSON.stringify(spec)}`);
  }
  const letters = spec.length === 10 ? spec.slice(1) : spec;
  const typeChar = spec.length === 10 ? spec[0] : undefined;
  if (typeChar !== undefined && typeChar !== (type === 'dir' ? 'd' : '-')) {
    throw argumentError(matcher, `mode ${JSON.stringify(spec)} describes ${typeChar === 'd' ? 'a directory' : 'another type'}, not a ${type === 'dir' ? 'directory' : 'file'}`);
  }
  let mode = 0;
  for (let i = 0; i < 9; i++) {
    const c = letters[i]!;
    if (c !== '-' && c !== 'S' && c !== 'T') mode |= 1 << (8 - i); // r, w, x, s, t grant the bit
  }
  const special = [0o4000, 0o2000, 0o1000];
  for (let k = 0; k < 3; k++) if (/[sStT]/.test(letters[k * 3 + 2]!)) mode |= special[k]!;
  return mode;
}

/** `0o644 (-rw-r--r--)`: both forms, whichever the user wrote. */
export function describeMode(mode: number, type: EntryType): string {
  const letters = formatTreeLine({ path: '/', type, mode, uid: 0, gid: 0, size: 0 }).split(' ', 1)[0]!;
  return `${octal(mode)} (${letters})`;
}
