/**
 * The shell patterns of `${v#p}`, `${v%p}` and `${v/p/r}`. BuildKit turns a pattern into a Go
 * regexp (`*`, `?`, and `\` escaping only `*`, `?`, `\`); this module matches the same language
 * with the same leftmost-first priorities, in O(pattern × value) time, so a hostile pattern cannot
 * backtrack exponentially the way a JS RegExp would.
 */

import { limitExceeded } from '../limits.js';

/** A pattern that BuildKit rejects, worded as BuildKit words it. */
export class PatternError extends Error {}

/** Pattern program: a code point to match literally, or one of these. */
const ANY = -1; // `?`
const STAR = -2; // `*`
const NEWLINE = 0x0a; // Go's `.` (which `?` and `*` become) never matches a newline

interface Program {
  readonly tokens: readonly number[];
  /** Stars prefer the shortest run (`.*?`) instead of the longest (`.*`). */
  readonly lazy: boolean;
}

function compile(pattern: string, greedy: boolean): Program {
  const chars = Array.from(pattern);
  // Go's text/scanner drops a byte order mark at the very start of what it reads.
  let i = chars[0] === '\uFEFF' ? 1 : 0;
  const tokens: number[] = [];
  for (; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') tokens.push(STAR);
    else if (ch === '?') tokens.push(ANY);
    else if (ch === '\\') {
      const escaped = chars[i + 1];
      // `\}` and `\/` only protect the ${} syntax; the character itself is literal.
      if (escaped === '}' || escaped === '/') continue;
      i++;
      if (escaped !== '*' && escaped !== '?' && escaped !== '\\') {
        throw new PatternError(
          `invalid pattern (${pattern}) in substitution: invalid escape '\\${escaped ?? '\uFFFD'}'`,
        );
      }
      tokens.push(escaped.codePointAt(0) as number);
    } else tokens.push(ch.codePointAt(0) as number);
  }
  return { tokens, lazy: !greedy };
}

/** One thread list of the Pike VM: at most one thread per program position. */
class Threads {
  readonly pcs: Int32Array;
  readonly starts: Int32Array;
  private readonly marks: Int32Array;
  private generation = 1;
  size = 0;

  constructor(states: number) {
    this.pcs = new Int32Array(states);
    this.starts = new Int32Array(states);
    this.marks = new Int32Array(states);
  }

  clear(): void {
    this.size = 0;
    this.generation++;
  }

  /** Marks `pc` as reached; false when an earlier (higher-priority) thread already reached it. */
  claim(pc: number): boolean {
    if (this.marks[pc] === this.generation) return false;
    this.marks[pc] = this.generation;
    return true;
  }

  push(pc: number, start: number): void {
    this.pcs[this.size] = pc;
    this.starts[this.size] = start;
    this.size++;
  }
}

/** Adds the threads reachable from `pc` without consuming input, in priority order. */
function addThread(program: Program, list: Threads, pc: number, start: number, stack: number[]): void {
  const { tokens, lazy } = program;
  stack.push(pc);
  while (stack.length > 0) {
    const item = stack.pop() as number;
    if (item < 0) {
      list.push(~item, start); // the consuming half of a star, queued behind or ahead of its exit
      continue;
    }
    if (!list.claim(item)) continue;
    if (tokens[item] !== STAR) {
      list.push(item, start);
    } else if (lazy) {
      stack.push(~item, item + 1); // skip the star first, then try to extend it
    } else {
      stack.push(item + 1, ~item);
    }
  }
}

/**
 * Leftmost-first match of `program` in `text` (code points) starting the search at `from`,
 * as Go's regexp finds it; `anchored` only tries a match starting at `from`.
 */
function search(
  program: Program,
  text: readonly number[],
  from: number,
  anchored: boolean,
): [number, number] | undefined {
  const states = program.tokens.length + 1;
  const accept = program.tokens.length;
  let current = new Threads(states);
  let next = new Threads(states);
  const stack: number[] = [];
  let match: [number, number] | undefined;
  for (let pos = from; ; pos++) {
    if (current.size === 0 && (match !== undefined || (anchored && pos !== from))) break;
    if (match === undefined && (!anchored || pos === from)) addThread(program, current, 0, pos, stack);
    next.clear();
    const ch = pos < text.length ? (text[pos] as number) : undefined;
    for (let t = 0; t < current.size; t++) {
      const pc = current.pcs[t] as number;
      const start = current.starts[t] as number;
      if (pc === accept) {
        match = [start, pos];
        break; // lower-priority threads are cut off
      }
      if (ch === undefined) continue;
      const token = program.tokens[pc] as number;
      if (token === STAR) {
        if (ch !== NEWLINE) addThread(program, next, pc, start, stack);
      } else if (token === ANY ? ch !== NEWLINE : token === ch) {
        addThread(program, next, pc + 1, start, stack);
      }
    }
    if (ch === undefined) break;
    [current, next] = [next, current];
  }
  return match;
}

function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) as number);
}

function fromCodePoints(cps: readonly number[], start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCodePoint(cps[i] as number);
  return out;
}

/** `${v#p}` (shortest) and `${v##p}` (longest): remove the matching prefix. */
export function trimPrefix(pattern: string, value: string, longest: boolean): string {
  const text = codePoints(value);
  const match = search(compile(pattern, longest), text, 0, true);
  return match ? fromCodePoints(text, match[1], text.length) : value;
}

/**
 * `${v%p}` and `${v%%p}`: BuildKit reverses value and pattern (keeping `\x` pairs in order) and
 * trims a prefix, so an error quotes the reversed pattern.
 */
export function trimSuffix(pattern: string, value: string, longest: boolean): string {
  return reverse(trimPrefix(reversePattern(pattern), reverse(value), longest));
}

function reverse(s: string): string {
  return Array.from(s).reverse().join('');
}

function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    const ch = chars[i] as string;
    if (ch === '\\' && i !== last) {
      out[last - i - 1] = ch;
      out[last - i] = chars[i + 1] as string;
      i += 2;
    } else {
      out[last - i] = ch;
      i++;
    }
  }
  return out.join('');
}

/**
 * `${v/p/r}` and `${v//p/r}`; stars are longest-match here. A result longer than `maxLength`
 * (the `expansionLength` limit) fails as it grows: each match can insert the whole replacement.
 */
export function replacePattern(pattern: string, value: string, replacement: string, all: boolean, maxLength = Infinity): string {
  const program = compile(pattern, true);
  const text = codePoints(value);
  if (!all) {
    // The single replacement is inserted verbatim.
    const match = search(program, text, 0, false);
    if (!match) return value;
    return fromCodePoints(text, 0, match[0]) + replacement + fromCodePoints(text, match[1], text.length);
  }
  // Go's Regexp.ReplaceAllString: empty matches right after a match are skipped and the
  // replacement is a template in which `$0`/`${0}` is the matched text.
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= text.length) {
    const match = search(program, text, searchPos, false);
    if (!match) break;
    const [start, end] = match;
    out += fromCodePoints(text, lastEnd, start);
    if (end > lastEnd || start === 0) out += expandTemplate(replacement, fromCodePoints(text, start, end), maxLength - out.length);
    if (out.length > maxLength) throw tooLong(maxLength);
    lastEnd = end;
    searchPos = searchPos + 1 > end ? searchPos + 1 : end;
  }
  return out + fromCodePoints(text, lastEnd, text.length);
}

const TEMPLATE_NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

function tooLong(maxLength: number): Error {
  return limitExceeded('expansionLength', `a word expands to more than ${maxLength} characters`);
}

/** Go's Regexp.Expand for a pattern whose only group is the whole match (group 0). */
function expandTemplate(template: string, matched: string, maxLength = Infinity): string {
  let out = '';
  let rest = template;
  for (let dollar = rest.indexOf('$'); dollar >= 0; dollar = rest.indexOf('$')) {
    if (out.length > maxLength) throw tooLong(maxLength);
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = templateReference(rest);
    if (ref === undefined) {
      out += '$'; // not a reference: the dollar is literal
      continue;
    }
    rest = ref.rest;
    if (ref.name === '0') out += matched; // any other group name or number is empty
  }
  return out + rest;
}

function templateReference(s: string): { name: string; rest: string } | undefined {
  const braced = s.startsWith('{');
  const chars = Array.from(braced ? s.slice(1) : s);
  let length = 0;
  while (length < chars.length && TEMPLATE_NAME_CHAR.test(chars[length] as string)) length++;
  if (length === 0) return undefined;
  const name = chars.slice(0, length).join('');
  if (braced) {
    if (chars[length] !== '}') return undefined;
    length++;
  }
  return { name, rest: chars.slice(length).join('') };
}
