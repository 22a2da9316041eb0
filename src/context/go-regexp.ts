/**
 * Go's `regexp` (RE2 syntax, with the Perl flags `regexp.Compile` sets) for the expressions that
 * patternmatcher builds from .dockerignore patterns. patternmatcher escapes only `.+()$`, so its
 * expressions hold, besides its own anchors and `[^/]` classes, the user's `^ [ ] | { }` and
 * backslash pairs with their Go meaning (`a|b`, `x{2}`, `[[:alpha:]]`, `\d`, `\b`, `\Q…`), which a
 * JS RegExp would read differently. The one group is patternmatcher's own optional directory
 * prefix, so no `(?flags)` syntax can occur. The expression is parsed here and run as a Pike VM:
 * linear in the path length whatever the pattern, with no backtracking to blow up.
 */

type CodePointTest = (cp: number) => boolean;
type Assertion = 'begin' | 'end' | 'word' | 'not-word';

type Node =
  | { readonly t: 'char'; readonly test: CodePointTest }
  | { readonly t: 'assert'; readonly kind: Assertion }
  | { readonly t: 'group'; readonly sub: Node }
  | { readonly t: 'repeat'; readonly sub: Node; readonly min: number; readonly max: number /* -1: unbounded */ }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly alts: readonly Node[] };

type Inst =
  | { op: 'char'; test: CodePointTest; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'assert'; kind: Assertion; next: number }
  | { op: 'match' };

/** Thrown by the parser where Go's regexp.Compile returns an error. */
class SyntaxFault extends Error {}

// Go's limits: a repeat count above 1000, or a program above 128 MiB of 40-byte instructions.
const MAX_REPEAT = 1000;
const MAX_SIZE = Math.floor((128 << 20) / 40);

const isDigit = (c: number | undefined): c is number => c !== undefined && c >= 0x30 && c <= 0x39;
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isWord = (c: number | undefined): boolean => c !== undefined && (isAlnum(c) || c === 0x5f);
const isOctal = (c: number | undefined): c is number => c !== undefined && c >= 0x30 && c <= 0x37;
const unhex = (c: number | undefined): number => {
  if (isDigit(c)) return c - 0x30;
  if (c !== undefined && c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c !== undefined && c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
};
const cp = (s: string): number => s.codePointAt(0)!;

const inRanges = (ranges: readonly number[]) => (x: number) => {
  for (let i = 0; i < ranges.length; i += 2) if (x >= ranges[i]! && x <= ranges[i + 1]!) return true;
  return false;
};
const not = (test: CodePointTest): CodePointTest => (x) => !test(x);

// Go's Perl classes are ASCII-only (regexp/syntax perl_groups.go).
const PERL: Readonly<Record<string, readonly number[]>> = {
  d: [0x30, 0x39],
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};
const POSIX: Readonly<Record<string, readonly number[]>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};
// The general categories Go's unicode.Categories names. Its tables list assigned code points
// only, so its `C` lacks the unassigned `Cn` that JavaScript's \p{C} includes.
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** Go's unicodeTable: `Any`, a general category, or a script name. */
function unicodeTable(name: string): RegExp | undefined {
  if (name === 'Any') return /[^]/u;
  if (name === 'C') return /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
  if (CATEGORIES.has(name)) return new RegExp(`\\p{${name}}`, 'u');
  // Scripts: JavaScript knows the same Unicode names (and also their short aliases, which Go does not).
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  try {
    return new RegExp(`\\p{Script=${name}}`, 'u');
  } catch {
    return undefined;
  }
}

class Parser {
  private i = 0;

  constructor(private readonly s: readonly number[]) {}

  parse(): Node {
    const root = this.alternation();
    if (this.i < this.s.length) throw new SyntaxFault('unexpected )');
    return root;
  }

  /** Alternatives separated by `|`, up to the end or a closing `)`, which is left in place. */
  private alternation(): Node {
    const alts: Node[] = [];
    let items: Node[] = [];
    // Go rejects a repetition of a repetition (`a**`, `x*{2}`).
    let lastRepeated = false;
    while (this.i < this.s.length && this.s[this.i] !== 0x29) {
      const c = this.s[this.i]!;
      let repeated = false;
      switch (c) {
        case 0x28: // (
          this.i++;
          items.push({ t: 'group', sub: this.alternation() });
          if (this.s[this.i++] !== 0x29) throw new SyntaxFault('missing closing )');
          break;
        case 0x7c: // |
          this.i++;
          alts.push({ t: 'seq', items });
          items = [];
          break;
        case 0x5e: // ^ (OneLine: beginning of text)
          this.i++;
          items.push({ t: 'assert', kind: 'begin' });
          break;
        case 0x24: // $
          this.i++;
          items.push({ t: 'assert', kind: 'end' });
          break;
        case 0x2e: // . (no DotNL flag)
          this.i++;
          items.push({ t: 'char', test: (x) => x !== 0x0a });
          break;
        case 0x5b: // [
          items.push({ t: 'char', test: this.charClass() });
          break;
        case 0x2a: // *
        case 0x3f: // ?
          this.i++;
          this.repeat(items, lastRepeated, 0, c === 0x3f ? 1 : -1);
          repeated = true;
          break;
        case 0x7b: {
          // { — a literal unless it opens a valid {n}, {n,} or {n,m}
          const counts = this.counts();
          if (!counts) {
            this.i++;
            items.push(literal(c));
            break;
          }
          this.repeat(items, lastRepeated, counts[0], counts[1]);
          repeated = true;
          break;
        }
        case 0x5c: // \
          this.backslash(items);
          break;
        default:
          this.i++;
          items.push(literal(c));
      }
      lastRepeated = repeated;
    }
    alts.push({ t: 'seq', items });
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private repeat(items: Node[], lastRepeated: boolean, min: number, max: number): void {
    if (lastRepeated) throw new SyntaxFault('invalid nested repetition operator');
    const sub = items.pop();
    if (sub === undefined) throw new SyntaxFault('missing argument to repetition operator');
    items.push({ t: 'repeat', sub, min, max });
  }

  /** Go's parseRepeat at `{`: the counts and the position after `}`, or undefined for a literal `{`. */
  private counts(): [number, number] | undefined {
    let j = this.i + 1;
    const int = (): number | undefined => {
      const start = j;
      while (isDigit(this.s[j])) j++;
      // No digits, or a leading zero, is not a count.
      if (j === start || (this.s[start] === 0x30 && j - start > 1)) return undefined;
      return j - start > 8 ? Infinity : Number(String.fromCodePoint(...this.s.slice(start, j)));
    };
    const min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.s[j] === 0x2c) {
      j++;
      if (this.s[j] === 0x7d) max = -1;
      else {
        const upper = int();
        if (upper === undefined) return undefined;
        max = upper;
      }
    }
    if (this.s[j] !== 0x7d) return undefined;
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) throw new SyntaxFault('invalid repeat count');
    this.i = j + 1;
    return [min, max];
  }

  /** A backslash outside a class: assertion, \Q…\E, class escape or single character. */
  private backslash(items: Node[]): void {
    const next = this.s[this.i + 1];
    const assertion = next === cp('A') ? 'begin' : next === cp('z') ? 'end' : next === cp('b') ? 'word' : next === cp('B') ? 'not-word' : undefined;
    if (assertion) {
      this.i += 2;
      items.push({ t: 'assert', kind: assertion });
      return;
    }
    if (next === cp('C')) throw new SyntaxFault('invalid escape sequence');
    if (next === cp('Q')) {
      // Everything up to `\E` (or the end) is literal, patternmatcher's own additions included.
      this.i += 2;
      while (this.i < this.s.length) {
        if (this.s[this.i] === 0x5c && this.s[this.i + 1] === cp('E')) {
          this.i += 2;
          return;
        }
        items.push(literal(this.s[this.i++]!));
      }
      return;
    }
    const group = this.unicodeClass() ?? this.perlClass();
    items.push(group ? { t: 'char', test: group } : literal(this.escape()));
  }

  /** `\pN`, `\p{Name}`, `\PN`, `\p{^Name}`. */
  private unicodeClass(): CodePointTest | undefined {
    const kind = this.s[this.i + 1];
    if (this.s[this.i] !== 0x5c || (kind !== cp('p') && kind !== cp('P'))) return undefined;
    let negated = kind === cp('P');
    let name: string;
    if (this.s[this.i + 2] === 0x7b) {
      const end = this.s.indexOf(0x7d, this.i);
      if (end < 0) throw new SyntaxFault('invalid character class range');
      name = String.fromCodePoint(...this.s.slice(this.i + 3, end));
      this.i = end + 1;
    } else {
      const letter = this.s[this.i + 2];
      name = letter === undefined ? '' : String.fromCodePoint(letter);
      this.i += 3;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const table = unicodeTable(name);
    if (!table) throw new SyntaxFault('invalid character class range');
    const test: CodePointTest = (x) => table.test(String.fromCodePoint(x));
    return negated ? not(test) : test;
  }

  /** `\d \s \w` and their negations `\D \S \W`. */
  private perlClass(): CodePointTest | undefined {
    const letter = this.s[this.i + 1];
    if (this.s[this.i] !== 0x5c || letter === undefined) return undefined;
    const name = String.fromCodePoint(letter);
    if (!'dDsSwW'.includes(name)) return undefined;
    this.i += 2;
    const key = name.toLowerCase();
    const test = inRanges(PERL[key]!);
    return name === key ? test : not(test);
  }

  /** A single-character escape (Go's parseEscape); `this.i` is at the backslash. */
  private escape(): number {
    const c = this.s[this.i + 1];
    if (c === undefined) throw new SyntaxFault('trailing backslash at end of expression');
    this.i += 2;
    if (c < 0x80 && !isAlnum(c)) return c;
    if (c === cp('0') || (c >= cp('1') && c <= cp('7') && isOctal(this.s[this.i]))) {
      // Up to three octal digits; a lone \1-\7 would be a backreference, which RE2 rejects.
      let r = c - 0x30;
      for (let k = 1; k < 3 && isOctal(this.s[this.i]); k++) r = r * 8 + this.s[this.i++]! - 0x30;
      return r;
    }
    if (c === cp('x')) return this.hexEscape();
    const control: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    const value = control[String.fromCodePoint(c)];
    if (value === undefined) throw new SyntaxFault('invalid escape sequence');
    return value;
  }

  /** `\xHH` or `\x{H…}` (at least one digit, at most U+10FFFF); `this.i` is after the `x`. */
  private hexEscape(): number {
    if (this.s[this.i] !== 0x7b) {
      const hi = unhex(this.s[this.i]);
      const lo = unhex(this.s[this.i + 1]);
      if (hi < 0 || lo < 0) throw new SyntaxFault('invalid escape sequence');
      this.i += 2;
      return hi * 16 + lo;
    }
    let value = 0;
    let digits = 0;
    for (this.i++; this.s[this.i] !== 0x7d; this.i++, digits++) {
      const v = unhex(this.s[this.i]);
      value = value * 16 + v;
      if (v < 0 || value > 0x10ffff) throw new SyntaxFault('invalid escape sequence');
    }
    this.i++;
    if (digits === 0) throw new SyntaxFault('invalid escape sequence');
    return value;
  }

  /** `[...]` with Go's rules: `]` first is literal, `-` anywhere (Perl), POSIX and Perl classes. */
  private charClass(): CodePointTest {
    this.i++;
    const negated = this.s[this.i] === 0x5e;
    if (negated) this.i++;
    const ranges: number[] = [];
    const groups: CodePointTest[] = [];
    let first = true;
    while (this.i >= this.s.length || this.s[this.i] !== 0x5d || first) {
      first = false;
      const group = this.posixClass() ?? this.unicodeClass() ?? this.perlClass();
      if (group) {
        groups.push(group);
        continue;
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.s.length - this.i >= 2 && this.s[this.i] === 0x2d && this.s[this.i + 1] !== 0x5d) {
        this.i++;
        hi = this.classChar();
        if (hi < lo) throw new SyntaxFault('invalid character class range');
      }
      ranges.push(lo, hi);
    }
    this.i++; // ]
    const inSet = inRanges(ranges);
    const test: CodePointTest = (x) => inSet(x) || groups.some((g) => g(x));
    return negated ? not(test) : test;
  }

  /** `[:name:]` / `[:^name:]`; Go looks for the closing `:]` anywhere further on. */
  private posixClass(): CodePointTest | undefined {
    if (this.s.length - this.i <= 2 || this.s[this.i] !== 0x5b || this.s[this.i + 1] !== 0x3a) return undefined;
    let end = -1;
    for (let k = this.i + 2; k + 1 < this.s.length && end < 0; k++) if (this.s[k] === 0x3a && this.s[k + 1] === 0x5d) end = k;
    if (end < 0) return undefined;
    const name = String.fromCodePoint(...this.s.slice(this.i + 2, end));
    const negated = name.startsWith('^');
    const key = negated ? name.slice(1) : name;
    if (!Object.hasOwn(POSIX, key)) throw new SyntaxFault('invalid character class range');
    this.i = end + 2;
    const test = inRanges(POSIX[key]!);
    return negated ? not(test) : test;
  }

  private classChar(): number {
    if (this.i >= this.s.length) throw new SyntaxFault('missing closing ]');
    if (this.s[this.i] === 0x5c) return this.escape();
    return this.s[this.i++]!;
  }
}

function literal(c: number): Node {
  return { t: 'char', test: (x) => x === c };
}

/** Go's estimate of the compiled program size (regexp/syntax calcSize), which it caps. */
function size(node: Node): number {
  switch (node.t) {
    case 'char':
    case 'assert':
      return 1;
    case 'group':
      return 2 + size(node.sub);
    case 'seq':
      return Math.max(1, node.items.reduce((sum, item) => sum + size(item), 0));
    case 'alt':
      return node.alts.reduce((sum, alt) => sum + size(alt), node.alts.length - 1);
    case 'repeat': {
      const sub = size(node.sub);
      if (node.max === -1) return node.min === 0 ? 2 + sub : 1 + node.min * sub;
      return Math.max(1, node.max * sub + (node.max - node.min));
    }
  }
}

function compile(root: Node): { readonly prog: readonly Inst[]; readonly start: number } {
  const prog: Inst[] = [{ op: 'match' }];
  const split = (a: number, b: number): number => prog.push({ op: 'split', a, b }) - 1;
  // Builds back to front: each node is compiled knowing where control goes after it.
  const emit = (node: Node, next: number): number => {
    switch (node.t) {
      case 'char':
        return prog.push({ op: 'char', test: node.test, next }) - 1;
      case 'assert':
        return prog.push({ op: 'assert', kind: node.kind, next }) - 1;
      case 'group':
        return emit(node.sub, next);
      case 'seq':
        return node.items.reduceRight((after, item) => emit(item, after), next);
      case 'alt':
        return node.alts.reduceRight((after, alt, i) => (i === node.alts.length - 1 ? emit(alt, next) : split(emit(alt, next), after)), next);
      case 'repeat': {
        // x{2,4} = x x x? x?; x{2,} = x x x*.
        let tail = next;
        if (node.max === -1) {
          const loop = { op: 'split' as const, a: -1, b: next };
          tail = prog.push(loop) - 1;
          loop.a = emit(node.sub, tail);
        } else {
          for (let k = node.min; k < node.max; k++) tail = split(emit(node.sub, tail), tail);
        }
        for (let k = 0; k < node.min; k++) tail = emit(node.sub, tail);
        return tail;
      }
    }
  };
  return { prog, start: emit(root, 0) };
}

/** A compiled Go regular expression, matched the way `(*regexp.Regexp).MatchString` does. */
export class GoRegexp {
  private constructor(
    private readonly prog: readonly Inst[],
    private readonly start: number,
  ) {}

  /** Returns undefined where Go's regexp.Compile fails. */
  static compile(source: string): GoRegexp | undefined {
    try {
      const root = new Parser(Array.from(source, cp)).parse();
      if (size(root) > MAX_SIZE) return undefined;
      const { prog, start } = compile(root);
      return new GoRegexp(prog, start);
    } catch (err) {
      if (err instanceof SyntaxFault) return undefined;
      throw err;
    }
  }

  /** Unanchored search, like Go's MatchString: true if the expression matches anywhere in `input`. */
  test(input: string): boolean {
    const text = Array.from(input, cp);
    const seen = new Int32Array(this.prog.length).fill(-1);
    let current: number[] = [];
    let following: number[] = [];
    // Follows empty-width instructions from `pc` at position `pos`; true once the match is reachable.
    const stack: number[] = [];
    const add = (list: number[], pc: number, pos: number): boolean => {
      stack.length = 0;
      stack.push(pc);
      while (stack.length > 0) {
        const at = stack.pop()!;
        if (seen[at] === pos) continue;
        seen[at] = pos;
        const inst = this.prog[at]!;
        switch (inst.op) {
          case 'match':
            return true;
          case 'char':
            list.push(at);
            break;
          case 'split':
            stack.push(inst.b, inst.a);
            break;
          case 'assert':
            if (holds(inst.kind, text, pos)) stack.push(inst.next);
        }
      }
      return false;
    };
    for (let pos = 0; ; pos++) {
      if (add(current, this.start, pos)) return true;
      if (pos === text.length) return false;
      following = [];
      for (const pc of current) {
        const inst = this.prog[pc] as Extract<Inst, { op: 'char' }>;
        if (inst.test(text[pos]!) && add(following, inst.next, pos + 1)) return true;
      }
      [current, following] = [following, current];
    }
  }
}

function holds(kind: Assertion, text: readonly number[], pos: number): boolean {
  switch (kind) {
    case 'begin':
      return pos === 0;
    case 'end':
      return pos === text.length;
    case 'word':
      return isWord(text[pos - 1]) !== isWord(text[pos]);
    case 'not-word':
      return isWord(text[pos - 1]) === isWord(text[pos]);
  }
}
