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
  const { flags, restStart } = extractFlags(text, rest.start, end);
  const [argsStart, argsEnd] = trimSpan(text, restStart, end);
  return { keyword: keyword!, flags, argsStart, argsEnd };
}

/**
 * Takes the leading `--` words off text[from, to) (`extractBuilderFlags`). Quotes are removed and
 * a backslash escapes the next character whatever the escape directive says; a bare `--` word
 * ends the flags and is dropped.
 */
function extractFlags(text: string, from: number, to: number): { flags: Token[]; restStart: number } {
  const flags: Token[] = [];
  let pos = from;
  for (;;) {
    while (pos < to && isGoSpace(text.charCodeAt(pos))) pos++;
    if (pos >= to || text[pos] !== '-' || pos + 1 === to || text[pos + 1] !== '-') return { flags, restStart: pos };
    const start = pos;
    let word = '';
    let quote = '';
    for (; pos < to; pos++) {
      let ch = text[pos]!;
      if (quote === '') {
        if (isGoSpace(ch.charCodeAt(0))) break;
        if (ch === '"' || ch === "'") {
          quote = ch;
          continue;
        }
      } else if (ch === quote) {
        quote = '';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === to) {
          quote = '';
          continue;
        }
        ch = text[++pos]!;
      }
      word += ch;
    }
    if (word === '--') return { flags, restStart: pos };
    flags.push({ text: word, start, end: pos });
  }
}
