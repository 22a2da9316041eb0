import { isGoSpace, trimSpan } from './goText.js';
import type { Token } from './logicalLine.js';
import { splitBlanks } from './words.js';

/** An instruction line cut into keyword, builder flags and the argument text (trimmed). */
export interface CommandParts {
  readonly keyword: Token;
  readonly flags: readonly Token[];
  readonly argsStart: number;
  readonly argsEnd: number;
}

/** `splitCommand`: the first blank-delimited word is the keyword; flags lead the rest. */
export function splitCommand(text: string, from: number, to: number): CommandParts {
  const [start, end] = trimSpan(text, from, to);
  const [keyword, rest] = splitBlanks(text, start, end, 2);
  if (!rest) return { keyword: keyword ?? { text: '', start, end }, flags: [], argsStart: end, argsEnd: end };
  const { flags, restStart } = text.startsWith('--', rest.start) ? extractFlags(text, rest.start, end) : { flags: [], restStart: rest.start };
  const [argsStart, argsEnd] = trimSpan(text, restStart, end);
  return { keyword: keyword!, flags, argsStart, argsEnd };
}

/**
 * Takes the leading `--` words off text[from, to) (`extractBuilderFlags`). Quotes are removed and
 * a backslash escapes the next character whatever the escape directive says; a bare `--` word
 * ends the flags and is dropped. BuildKit walks the UTF-8 bytes here, each byte read as a
 * character: non-ASCII text in a flag comes out as Latin-1 mojibake, and a byte 0x85 or 0xA0
 * inside a character counts as a blank. We do the same, to predict the same flag values.
 */
function extractFlags(text: string, from: number, to: number): { flags: Token[]; restStart: number } {
  const bytes = Buffer.from(text.slice(from, to), 'utf8');
  // offsets[i]: where in `text` the character holding byte i starts.
  const offsets: number[] = [];
  for (let i = from; i < to; ) {
    const cp = text.codePointAt(i)!;
    const length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < length; k++) offsets.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  offsets.push(to);
  const flags: Token[] = [];
  const n = bytes.length;
  let pos = 0;
  for (;;) {
    while (pos < n && isGoSpace(bytes[pos]!)) pos++;
    if (pos >= n || bytes[pos] !== 0x2d || pos + 1 === n || bytes[pos + 1] !== 0x2d) return { flags, restStart: offsets[pos]! };
    const start = pos;
    let word = '';
    let quote = 0;
    for (; pos < n; pos++) {
      let b = bytes[pos]!;
      if (quote === 0) {
        if (isGoSpace(b)) break;
        if (b === 0x22 || b === 0x27) {
          quote = b;
          continue;
        }
      } else if (b === quote) {
        quote = 0;
        continue;
      }
      if (b === 0x5c) {
        if (pos + 1 === n) {
          quote = 0;
          continue;
        }
        b = bytes[++pos]!;
      }
      word += String.fromCharCode(b);
    }
    if (word === '--') return { flags, restStart: offsets[pos]! };
    flags.push({ text: word, start: offsets[start]!, end: offsets[pos]! });
  }
}
