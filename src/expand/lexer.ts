/**
 * A scanner with the structure of BuildKit's shell word lexer (Dockerfile frontend 1.7 /
 * BuildKit v0.13, the one vendored by Docker Engine 26.1 for both builders). The structure is
 * kept because much of the observable behaviour (which error wins, what a nested error turns
 * into at end of input, where quotes and escapes apply) falls out of the order in which that
 * lexer reads characters.
 */
import { currentLimits, DEFAULT_LIMITS, limitExceeded, type Limits } from '../limits.js';
import { DockerfileError } from '../model/errors.js';
import { PatternError, replacePattern, trimPrefix, trimSuffix } from './pattern.js';

export type VariableLookup = (name: string) => string | undefined;

export interface LexerConfig {
  readonly escapeToken: string;
  /** False for heredoc bodies: quotes are ordinary characters there. */
  readonly processQuotes: boolean;
  readonly lookup: VariableLookup;
  /** Called with each variable name in the order it is read. */
  readonly onName?: (name: string) => void;
}

/**
 * Nested `${…}` words beyond this depth (the default of the `expansionDepth` limit) are refused
 * instead of risking the JS stack (which overflows near 1,700 levels with Node's default stack).
 * BuildKit has no limit; real Dockerfiles nest a handful of levels at most.
 */
export const MAX_NESTING_DEPTH = DEFAULT_LIMITS.expansionDepth;

/** A failure BuildKit reports as an error (as opposed to a Go panic). */
class LexFailure extends Error {}

const SPECIAL_PARAMETERS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
// Go's unicode.IsSpace.
const SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/u;
const SPACE_RUN = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/gu;

function isDigit(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || (ch > '\x7f' && DIGIT.test(ch));
}

function isNameChar(ch: string): boolean {
  return (
    (ch >= 'a' && ch <= 'z') ||
    (ch >= 'A' && ch <= 'Z') ||
    ch === '_' ||
    isDigit(ch) ||
    (ch > '\x7f' && LETTER.test(ch))
  );
}

/** Word splitting as ProcessWords does it: only unquoted whitespace from literal text or `$` results splits. */
class WordCollector {
  readonly words: string[] = [];
  private word = '';
  private inWord = false;

  addChar(ch: string): void {
    if (SPACE.test(ch)) {
      // An empty quoted string opens a word but never closes one.
      if (this.inWord && this.word !== '') {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.addRaw(ch);
    }
  }

  /** As addChar for each character, but a run at a time: values can be megabytes long. */
  addText(text: string): void {
    let start = 0;
    for (const m of text.matchAll(SPACE_RUN)) {
      if (m.index > start) this.addRaw(text.slice(start, m.index));
      this.addChar(m[0][0]!);
      start = m.index + m[0].length;
    }
    if (start < text.length) this.addRaw(text.slice(start));
  }

  addRaw(text: string): void {
    this.word += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.word !== '') this.words.push(this.word);
    return this.words;
  }
}

export class WordLexer {
  private readonly chars: string[];
  private pos: number;
  private rawEscapes = false;
  private depth = 0;
  private readonly limits: Limits = currentLimits();

  constructor(
    private readonly source: string,
    private readonly config: LexerConfig,
  ) {
    this.chars = Array.from(source);
    // Go's text/scanner skips a byte order mark at the start of its input.
    this.pos = this.chars[0] === '\uFEFF' ? 1 : 0;
  }

  /** ProcessWord/ProcessWords: the joined result and the split words. */
  run(): { text: string; words: string[] } {
    try {
      return this.processStopOn(undefined, false);
    } catch (error) {
      if (error instanceof LexFailure) {
        throw new DockerfileError('expansion-error', `failed to process ${goQuote(this.source)}: ${error.message}`);
      }
      throw error;
    }
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    const ch = this.chars[this.pos];
    if (ch !== undefined) this.pos++;
    return ch;
  }

  /**
   * Reads up to `stop` (consumed) or the end of input. `rawEscapes` keeps escape characters in the
   * result, as BuildKit does for patterns and replacements so the pattern can see them.
   */
  private processStopOn(stop: string | undefined, rawEscapes: boolean): { text: string; words: string[] } {
    if (++this.depth > this.limits.expansionDepth) {
      throw limitExceeded('expansionDepth', `variable substitutions nested deeper than ${this.limits.expansionDepth} levels`);
    }
    const outerRawEscapes = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let text = '';
      const words = new WordCollector();
      const { escapeToken, processQuotes } = this.config;
      for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
        if (ch === stop) {
          this.next();
          return { text, words: words.finish() };
        }
        if (ch === '$') {
          const value = this.processDollar();
          text += value;
          this.checkLength(text);
          words.addText(value);
        } else if (processQuotes && (ch === "'" || ch === '"')) {
          const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          text += value;
          words.addRaw(value);
        } else {
          this.next();
          if (ch === escapeToken) {
            if (rawEscapes) {
              words.addRaw(ch);
              text += ch;
            }
            const escaped = this.next();
            if (escaped === undefined) break; // a trailing escape is dropped (kept when raw)
            words.addRaw(escaped);
            text += escaped;
          } else {
            words.addChar(ch);
            text += ch;
          }
        }
      }
      if (stop !== undefined) {
        // Never shown: modifierWord turns any failure at end of input into its own message.
        throw new LexFailure(`unexpected end of statement while looking for matching ${stop}`);
      }
      return { text, words: words.finish() };
    } finally {
      this.rawEscapes = outerRawEscapes;
      this.depth--;
    }
  }

  /** `'…'`: everything literal; a single quote cannot be escaped inside. */
  private processSingleQuote(): string {
    this.next();
    let text = '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) throw new LexFailure('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return text;
      text += ch;
    }
  }

  /** `"…"`: `$` expands; the escape token escapes only `"`, `$` and itself, otherwise it stays. */
  private processDoubleQuote(): string {
    this.next();
    let text = '';
    for (;;) {
      const peeked = this.peek();
      if (peeked === undefined)
        throw new LexFailure('unexpected end of statement while looking for matching double-quote');
      if (peeked === '"') {
        this.next();
        return text;
      }
      if (peeked === '$') {
        text += this.processDollar();
        this.checkLength(text);
        continue;
      }
      let ch = this.next() as string;
      if (ch === this.config.escapeToken) {
        if (this.rawEscapes) text += ch;
        const after = this.peek();
        if (after === undefined) continue; // reported as the missing closing quote
        if (after === '"' || after === '$' || after === this.config.escapeToken) ch = this.next() as string;
      }
      text += ch;
    }
  }

  /** Substitutions can grow a word exponentially (`ENV a=$a$a` per line), so its length is bounded. */
  private checkLength(text: string): void {
    const max = this.limits.expansionLength;
    if (text.length > max) throw limitExceeded('expansionLength', `a word expands to more than ${max} characters`);
  }

  /** Pattern matching costs value × pattern steps. */
  private checkPattern(value: string, pattern: string): void {
    const max = this.limits.patternSteps;
    if (value.length * (pattern.length + 1) > max) {
      throw limitExceeded('patternSteps', `matching a ${pattern.length}-character pattern against a ${value.length}-character value takes more than ${max} steps`);
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      return name === '' ? '$' : (this.config.lookup(name) ?? '');
    }
    this.next();
    const first = this.peek();
    if (first === undefined) throw new LexFailure("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexFailure('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    // Go prints the end-of-input rune as U+FFFD.
    let modifier = ch ?? '\uFFFD';
    if (ch === '}') return this.config.lookup(name) ?? '';
    if (ch === '/') return this.processReplacement(name);

    let nullIsUnset = false;
    if (ch === ':') {
      // Whatever follows the colon, its word is read before the modifier is judged.
      nullIsUnset = true;
      ch = this.next();
      modifier += ch ?? '\uFFFD';
    } else if (ch !== '-' && ch !== '+' && ch !== '?' && ch !== '#' && ch !== '%') {
      throw new LexFailure(`unsupported modifier (${modifier}) in substitution`);
    }
    let word = this.modifierWord('}', ch === '#' || ch === '%', "syntax error: missing '}'");
    const value = this.config.lookup(name);
    const unset = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unset ? word : (value as string);
      case '+':
        return unset ? '' : word;
      case '?':
        if (value === undefined) throw new LexFailure(`${name}: ${word || 'is not allowed to be unset'}`);
        if (unset) throw new LexFailure(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '#':
      case '%': {
        // v0.13 treats `${v:#p}` like `${v#p}`, and indexes the pattern's first byte unchecked.
        if (word === '')
          throw new DockerfileError('expansion-error', 'runtime error: index out of range [0] with length 0');
        const longest = word.startsWith(ch);
        if (longest) word = word.slice(1);
        this.checkPattern(value ?? '', word);
        return this.matchPattern(() =>
          ch === '%' ? trimSuffix(word, value ?? '', longest) : trimPrefix(word, value ?? '', longest),
        );
      }
      default:
        throw new LexFailure(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  /** `${v/p/r}` and `${v//p/r}` (the name and first slash already read). */
  private processReplacement(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    const pattern = this.modifierWord('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.modifierWord('}', true, "syntax error: missing '}'");
    const value = this.config.lookup(name) ?? '';
    this.checkPattern(value, pattern);
    return this.matchPattern(() => replacePattern(pattern, value, replacement, all, this.limits.expansionLength));
  }

  private matchPattern(apply: () => string): string {
    try {
      return apply();
    } catch (error) {
      if (error instanceof PatternError) throw new LexFailure(error.message);
      throw error;
    }
  }

  /** A modifier's word; any error that leaves the input exhausted becomes `eofMessage`. */
  private modifierWord(stop: string, rawEscapes: boolean, eofMessage: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).text;
    } catch (error) {
      if (error instanceof LexFailure && this.peek() === undefined) throw new LexFailure(eofMessage);
      throw error;
    }
  }

  /** A run of letters, digits and `_`; or all leading digits; or one special parameter. */
  private processName(): string {
    let name = '';
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (name === '' && isDigit(ch)) {
        for (let d: string | undefined = ch; d !== undefined && isDigit(d); d = this.peek())
          name += this.next() as string;
        break;
      }
      if (name === '' && SPECIAL_PARAMETERS.has(ch)) {
        this.next();
        name = ch;
        break;
      }
      if (!isNameChar(ch)) break;
      name += this.next() as string;
    }
    if (name !== '') this.config.onName?.(name);
    return name;
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const C_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's `%q` of a string, which BuildKit uses to quote the word in its error. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (C_ESCAPES[ch] !== undefined) out += C_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
