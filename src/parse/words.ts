import { isGoSpace } from './goText.js';
import type { Token } from './logicalLine.js';

/** The parser's reWhitespace (`[\t\v\f\r ]+`): ASCII blanks only, unlike TrimSpace. */
const BLANKS = /[\t\v\f\r ]+/;

/**
 * Splits text[from, to) at runs of ASCII blanks (regexp.Split); `limit` 2 keeps the rest whole.
 * Callers pass trimmed text, so no empty pieces arise.
 */
export function splitBlanks(text: string, from: number, to: number, limit = Infinity): Token[] {
  const out: Token[] = [];
  if (from === to) return out;
  const re = new RegExp(BLANKS.source, 'g');
  re.lastIndex = from;
  let start = from;
  while (out.length < limit - 1) {
    const m = re.exec(text);
    if (!m || m.index >= to) break;
    const end = Math.min(m.index + m[0].length, to);
    out.push({ text: text.slice(start, m.index), start, end: m.index });
    start = end;
    if (end === to) break;
  }
  out.push({ text: text.slice(start, to), start, end: to });
  return out;
}

/**
 * Quote-aware words (`parseWords`): quotes and escapes stay in the word (they are removed
 * later by variable expansion); only a lone escape token at the very end is dropped.
 */
export function parseWords(text: string, from: number, to: number, escape: string): Token[] {
  const words: Token[] = [];
  let word = '';
  let start = -1;
  let quote = '';
  let pos = from;
  const flush = (end: number): void => {
    if (word.length > 0) words.push({ text: word, start, end });
    word = '';
    start = -1;
  };
  while (pos < to) {
    const cp = text.codePointAt(pos)!;
    const ch = String.fromCodePoint(cp);
    if (start < 0) {
      if (isGoSpace(cp)) {
        pos += ch.length;
        continue;
      }
      start = pos;
    }
    if (quote === '') {
      if (isGoSpace(cp)) {
        flush(pos);
        pos += ch.length;
        continue;
      }
      if (ch === "'" || ch === '"') quote = ch;
    } else if (ch === quote) {
      quote = '';
    }
    if (ch === escape && quote !== "'") {
      if (pos + 1 === to) {
        pos++;
        // A trailing escape inside quotes ends the quote, as BuildKit's state machine does.
        quote = '';
        continue;
      }
      word += ch;
      pos++;
      const next = String.fromCodePoint(text.codePointAt(pos)!);
      word += next;
      pos += next.length;
      continue;
    }
    word += ch;
    pos += ch.length;
  }
  flush(to);
  return words;
}
