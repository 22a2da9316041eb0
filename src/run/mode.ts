/**
 * busybox's bb_parse_mode(): an octal mode, or symbolic clauses (`u+x,go-w`, `a=rX`, `g=u`)
 * applied to `current`; a clause without a who-list is masked by the umask. Undefined when invalid.
 */
export function parseMode(spec: string, current: number, umask: number): number | undefined {
  if (/^[0-7]/.test(spec)) {
    if (!/^[0-7]+$/.test(spec)) return undefined;
    const value = parseInt(spec, 8);
    return value > 0o7777 ? undefined : value;
  }
  const WHO: Record<string, number> = { a: 0o7777, u: 0o4700, g: 0o2070, o: 0o0007 };
  const PERM: Record<string, number> = { r: 0o444, w: 0o222, x: 0o111, X: 0o111, s: 0o6000, t: 0o1000 };
  const S_IFDIR = 0o040000;
  let mode = current;
  let i = 0;
  while (i < spec.length) {
    if (spec[i] === ',') {
      i++;
      continue;
    }
    let who = 0;
    while (spec[i] !== undefined && WHO[spec[i]!] !== undefined) {
      who |= WHO[spec[i]!]!;
      if (++i >= spec.length) return undefined;
    }
    do {
      const op = spec[i];
      if (op !== '+' && op !== '-' && op !== '=') return undefined;
      if (op === '=') mode &= who ? ~who : ~0o7777;
      i++;
      let perms = 0;
      const copy = spec[i];
      if (copy === 'u' || copy === 'g' || copy === 'o') {
        // Permission copy (`g=u`): the source class's rwx bits, spread to every class.
        const bits = WHO[copy]! & 0o777 & mode;
        for (const mask of [0o444, 0o222, 0o111]) if (bits & mask) perms |= mask;
        i++;
      } else {
        while (spec[i] !== undefined && PERM[spec[i]!] !== undefined) {
          if (spec[i] !== 'X' || (mode & (S_IFDIR | 0o111)) !== 0) perms |= PERM[spec[i]!]!;
          i++;
        }
      }
      if (perms) {
        perms &= who ? who : ~umask;
        mode = op === '-' ? mode & ~perms : mode | perms;
      }
    } while (i < spec.length && spec[i] !== ',');
  }
  return mode;
}

/** The mode word chmod(1) is given, with the file-type bit that makes `X` apply to directories. */
export const DIR_TYPE_BIT = 0o040000;
