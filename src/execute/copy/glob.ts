/**
 * Go's `filepath.Match` for one path segment, which both builders use for COPY/ADD wildcards:
 * `*` any run of characters, `?` one character, `[...]`/`[^...]` a class with ranges, `\`
 * escaping the next character. A malformed pattern matches nothing (the builders drop the error).
 */
export function matchSegment(pattern: string, name: string): boolean {
  const p = [...pattern];
  return wellFormed(p) && matchFrom(p, 0, [...name], 0);
}

/** True when a segment has an unescaped `*`, `?` or `[` (fsutil/moby `containsWildcards`). */
export function hasWildcards(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

function matchFrom(p: readonly string[], pi: number, s: readonly string[], si: number): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === '*') {
      while (p[pi] === '*') pi++;
      if (pi === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchFrom(p, pi, s, k)) return true;
      return false;
    }
    if (si === s.length) return false;
    if (c === '?') {
      pi++;
    } else if (c === '[') {
      const cls = readClass(p, pi)!;
      if (cls.matches(s[si]!) === cls.negated) return false;
      pi = cls.end;
    } else {
      const literal = c === '\\' ? p[pi + 1]! : c;
      if (literal !== s[si]) return false;
      pi += c === '\\' ? 2 : 1;
    }
    si++;
  }
  return si === s.length;
}

interface CharClass {
  readonly negated: boolean;
  readonly end: number;
  matches(ch: string): boolean;
}

/** Parses `[...]` at `start`; undefined when malformed (empty, unclosed, bare `-` or `]`). */
function readClass(p: readonly string[], start: number): CharClass | undefined {
  let i = start + 1;
  const negated = p[i] === '^';
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  const char = (): number | undefined => {
    let c = p[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') c = p[++i];
    if (c === undefined) return undefined;
    i++;
    return c.codePointAt(0)!;
  };
  for (;;) {
    if (p[i] === ']' && ranges.length > 0) break;
    const lo = char();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (p[i] === '-') {
      i++;
      const h = char();
      if (h === undefined) return undefined;
      hi = h;
    }
    ranges.push([lo, hi]);
  }
  const end = i + 1;
  return {
    negated,
    end,
    matches: (ch) => {
      const cp = ch.codePointAt(0)!;
      return ranges.some(([lo, hi]) => lo <= cp && cp <= hi);
    },
  };
}

function wellFormed(p: readonly string[]): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      if (++i >= p.length) return false;
    } else if (p[i] === '[') {
      const cls = readClass(p, i);
      if (!cls) return false;
      i = cls.end - 1;
    }
  }
  return true;
}
