import { goQuote, isGoSpace } from './goText.js';

/**
 * The word splitter BuildKit's parser uses to find heredocs: its shell lexer with an empty
 * environment that leaves unset variables as written, backslash as escape, and optionally
 * keeping quotes and escapes in the words. Only the splitting matters here; variable
 * expansion proper lives in src/expand.
 */

export class LexError extends Error {}

export interface LexOptions {
  /** Keep quote characters in the words. */
  readonly rawQuotes: boolean;
  /** Keep escape characters in the words. */
  readonly rawEscapes: boolean;
}

const ESCAPE = '\\';
/** text/scanner's EOF. */
const EOF = undefined;
/** string(rune(-1)) in Go, what a modifier read at the end of input prints as. */
const EOF_TEXT = '\ufffd';

/** Splits `source` into words; throws LexError with BuildKit's message on bad syntax. */
export function lexWords(source: string, options: LexOptions): string[] {
  try {
    return new Lexer(source, options).processStopOn(EOF, options.rawEscapes).words;
  } catch (e) {
    if (e instanceof LexError) throw new LexError(`failed to process ${goQuote(source)}: ${e.message}`);
    throw e;
  }
}

class Words {
  readonly words: string[] = [];
  private word = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isGoSpace(ch.codePointAt(0)!)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.addRawChar(ch);
    }
  }

  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRawString(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.word.length > 0) this.words.push(this.word);
    return this.words;
  }
}

class Lexer {
  private readonly chars: string[];
  private pos = 0;
  private rawEscapes: boolean;
  private readonly rawQuotes: boolean;

  constructor(source: string, options: LexOptions) {
    this.chars = Array.from(source);
    this.rawEscapes = options.rawEscapes;
    this.rawQuotes = options.rawQuotes;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    return this.pos < this.chars.length ? this.chars[this.pos++] : EOF;
  }

  processStopOn(stop: string | undefined, rawEscapes: boolean): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      const words = new Words();
      while (this.peek() !== EOF) {
        const peeked = this.peek()!;
        if (stop !== EOF && peeked === stop) {
          this.next();
          return { result, words: words.finish() };
        }
        if (peeked === '$' || peeked === "'" || peeked === '"') {
          const tmp = peeked === '$' ? this.dollar() : peeked === "'" ? this.singleQuote() : this.doubleQuote();
          result += tmp;
          if (peeked === '$') words.addString(tmp);
          else words.addRawString(tmp);
          continue;
        }
        let ch = this.next()!;
        if (ch === ESCAPE) {
          if (this.rawEscapes) {
            words.addRawChar(ch);
            result += ch;
          }
          const escaped = this.next();
          if (escaped === EOF) break;
          ch = escaped;
          words.addRawChar(ch);
        } else {
          words.addChar(ch);
        }
        result += ch;
      }
      if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return { result, words: words.finish() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private singleQuote(): string {
    let result = this.rawQuotes ? this.next()! : (this.next(), '');
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return this.rawQuotes ? result + ch : result;
      result += ch;
    }
  }

  private doubleQuote(): string {
    let result = this.rawQuotes ? this.next()! : (this.next(), '');
    for (;;) {
      const peeked = this.peek();
      if (peeked === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (peeked === '"') {
        this.next();
        return this.rawQuotes ? `${result}"` : result;
      }
      if (peeked === '$') {
        result += this.dollar();
        continue;
      }
      let ch = this.next()!;
      if (ch === ESCAPE) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === ESCAPE) ch = this.next()!;
      }
      result += ch;
    }
  }

  /** `$name`, `${name}` and `${name<modifier>word}`, all unset here, so they stay as written. */
  private dollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.name();
      return `$${name}`;
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.name();
    let ch = this.next();
    let modifier = ch ?? EOF_TEXT;
    if (ch === '}') return `\${${name}}`;
    if (ch === ':') {
      ch = this.next();
      modifier += ch ?? EOF_TEXT;
    }
    if (modifier.startsWith(':') || ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%') {
      const word = this.untilClosing('}', ch === '#' || ch === '%', "syntax error: missing '}'");
      return `\${${name}${modifier}${word}}`;
    }
    if (ch === '/') {
      if (this.peek() === '/') this.next();
      const pattern = this.untilClosing('/', true, "syntax error: missing '/' in ${}");
      const replacement = this.untilClosing('}', true, "syntax error: missing '}'");
      return `\${${name}/${pattern}/${replacement}}`;
    }
    throw new LexError(`unsupported modifier (${modifier}) in substitution`);
  }

  private untilClosing(stop: string, rawEscapes: boolean, atEnd: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (e) {
      if (e instanceof LexError && this.peek() === EOF) throw new LexError(atEnd);
      throw e;
    }
  }

  /** A variable name: letters, digits and `_`; or all leading digits; or one special character. */
  private name(): string {
    let name = '';
    for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
      if (name === '' && /^\p{Nd}$/u.test(ch)) {
        while (this.peek() !== EOF && /^\p{Nd}$/u.test(this.peek()!)) name += this.next();
        return name;
      }
      if (name === '' && '@*#?-$!0'.includes(ch)) return this.next()!;
      if (!/^[\p{L}\p{Nd}_]$/u.test(ch)) break;
      name += this.next();
    }
    return name;
  }
}
