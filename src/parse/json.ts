import type { Token } from './logicalLine.js';

/** What Go's `json.Decoder.Decode` into `[]interface{}` makes of text starting with `[`. */
export type JsonArray =
  | { readonly kind: 'strings'; readonly items: readonly Token[] }
  | { readonly kind: 'not-strings' }
  | { readonly kind: 'invalid' };

class Invalid extends Error {}

/**
 * Decodes the JSON array at text[from] (which is `[`), reading no further than `to`. Like the
 * Go decoder in frontend 1.7 (before it switched to json.Unmarshal), anything after the closing
 * bracket is ignored, so `[]random string` is an empty array.
 */
export function decodeJsonArray(text: string, from: number, to: number): JsonArray {
  const reader = new JsonReader(text, from, to);
  try {
    const items = reader.array();
    return items.every((item): item is Token => item !== undefined) ? { kind: 'strings', items } : { kind: 'not-strings' };
  } catch (e) {
    if (e instanceof Invalid) return { kind: 'invalid' };
    throw e;
  }
}

class JsonReader {
  constructor(
    private readonly text: string,
    private pos: number,
    private readonly end: number,
  ) {}

  /** The top-level array: string items as tokens, other values as undefined. */
  array(): (Token | undefined)[] {
    const items: (Token | undefined)[] = [];
    this.expect('[');
    this.space();
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.space();
      const start = this.pos;
      if (this.peek() === '"') {
        const text = this.string();
        items.push({ text, start, end: this.pos });
      } else {
        this.value();
        items.push(undefined);
      }
      this.space();
      const c = this.next();
      if (c === ']') return items;
      if (c !== ',') throw new Invalid();
    }
  }

  private value(): void {
    this.space();
    const c = this.peek();
    if (c === '"') this.string();
    else if (c === '[') this.list('[', ']', () => this.value());
    else if (c === '{') this.list('{', '}', () => this.member());
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else this.number();
  }

  private member(): void {
    this.space();
    if (this.peek() !== '"') throw new Invalid();
    this.string();
    this.space();
    this.expect(':');
    this.value();
  }

  private list(open: string, close: string, item: () => void): void {
    this.expect(open);
    this.space();
    if (this.peek() === close) {
      this.pos++;
      return;
    }
    for (;;) {
      item();
      this.space();
      const c = this.next();
      if (c === close) return;
      if (c !== ',') throw new Invalid();
    }
  }

  private literal(word: string): void {
    if (this.text.slice(this.pos, this.pos + word.length) !== word || this.pos + word.length > this.end) throw new Invalid();
    this.pos += word.length;
  }

  private number(): void {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found || m.lastIndex > this.end) throw new Invalid();
    this.pos += found[0].length;
    // Go decodes numbers into float64 and fails on overflow, which makes the whole array invalid.
    if (!Number.isFinite(Number(found[0]))) throw new Invalid();
  }

  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === '"') return out;
      if (c.charCodeAt(0) < 0x20) throw new Invalid();
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.next();
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) out += simple[e];
      else if (e === 'u') out += this.unicodeEscape();
      else throw new Invalid();
    }
  }

  /** `\uXXXX`, pairing surrogates as Go does and replacing unpaired ones with U+FFFD. */
  private unicodeEscape(): string {
    const unit = this.hex4();
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
    if (unit <= 0xdbff && this.text.startsWith('\\u', this.pos) && this.pos + 6 <= this.end) {
      const save = this.pos;
      this.pos += 2;
      const low = this.hex4();
      if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(unit, low);
      this.pos = save;
    }
    return '\ufffd';
  }

  private hex4(): number {
    const digits = this.text.slice(this.pos, this.pos + 4);
    if (this.pos + 4 > this.end || !/^[0-9a-fA-F]{4}$/.test(digits)) throw new Invalid();
    this.pos += 4;
    return parseInt(digits, 16);
  }

  private space(): void {
    while (this.pos < this.end && ' \t\r\n'.includes(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string {
    return this.pos < this.end ? this.text[this.pos]! : '';
  }

  private next(): string {
    if (this.pos >= this.end) throw new Invalid();
    return this.text[this.pos++]!;
  }

  private expect(c: string): void {
    if (this.next() !== c) throw new Invalid();
  }
}
