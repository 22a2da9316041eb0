import { DockerfileError } from '../model/errors.js';
import { goQuote, isGoSpace } from './goText.js';
import { parseMaybeJson, parseMaybeJsonToList } from './forms.js';
import type { Token } from './logicalLine.js';
import { splitCommand } from './split.js';
import { parseWords, splitBlanks } from './words.js';

/**
 * An instruction as BuildKit's line parser leaves it: keyword, raw flag words and arguments
 * shaped by the keyword's line parser, not yet checked or typed.
 */
export interface Node {
  readonly keyword: Token;
  /** Flag words with quotes and escapes removed (`--from=build`). */
  readonly flags: readonly Token[];
  readonly args: readonly Token[];
  /** The arguments were a JSON array (exec form). */
  readonly json: boolean;
  /** ENV/LABEL in the old `KEY value` form; for ENV/LABEL `args` alternate key and value. */
  readonly legacy: boolean;
  /** ONBUILD's trigger. */
  readonly child: Node | undefined;
  /** The node's own text, BuildKit's `Original`. */
  readonly original: Token;
}

interface Shaped {
  readonly args: readonly Token[];
  readonly json?: boolean;
  readonly legacy?: boolean;
  readonly child?: Node;
}

type LineParser = (text: string, from: number, to: number, escape: string) => Shaped;

/** `newNodeFromLine`: splits text[from, to) and shapes its arguments; throws line-parser errors. */
export function buildNode(text: string, from: number, to: number, escape: string): Node {
  const { keyword, flags, argsStart, argsEnd } = splitCommand(text, from, to);
  // Unknown keywords keep no arguments; decoding reports them.
  const parse: LineParser = LINE_PARSERS.get(keyword.text.toLowerCase()) ?? (() => ({ args: [] }));
  const shaped = parse(text, argsStart, argsEnd, escape);
  return {
    keyword,
    flags,
    args: shaped.args,
    json: shaped.json ?? false,
    legacy: shaped.legacy ?? false,
    child: shaped.child,
    original: { text: text.slice(from, to), start: from, end: to },
  };
}

const whole: LineParser = (text, from, to) => ({ args: from === to ? [] : [{ text: text.slice(from, to), start: from, end: to }] });

/** ENV and LABEL: `KEY value…` when the first word has no `=`, else `k=v` words. */
function nameValue(instruction: string): LineParser {
  return (text, from, to, escape) => {
    const words = parseWords(text, from, to, escape);
    if (words.length === 0) return { args: [] };
    if (!words[0]!.text.includes('=')) {
      const parts = splitBlanks(text, from, to, 2);
      if (parts.length < 2) throw new DockerfileError('syntax-error', `${instruction} must have two arguments`);
      return { args: parts, legacy: true };
    }
    const args: Token[] = [];
    for (const word of words) {
      const eq = word.text.indexOf('=');
      if (eq < 0) {
        throw new DockerfileError(
          'invalid-argument',
          `Syntax error - can't find = in ${goQuote(word.text)}. Must be of the form: name=value`,
        );
      }
      const valueStart = word.start + eq + 1;
      args.push({ text: word.text.slice(0, eq), start: word.start, end: word.start + eq });
      args.push({ text: word.text.slice(eq + 1), start: valueStart, end: Math.max(valueStart, word.end) });
    }
    return { args };
  };
}

/** HEALTHCHECK: the first word is the type, the rest a possible JSON command. */
const healthConfig: LineParser = (text, from, to) => {
  let sep = from;
  while (sep < to && !isGoSpace(text.charCodeAt(sep))) sep++;
  let next = sep;
  while (next < to && isGoSpace(text.charCodeAt(next))) next++;
  if (sep === from) return { args: [] };
  const command = parseMaybeJson(text, next, to);
  return { args: [{ text: text.slice(from, sep), start: from, end: sep }, ...command.args], json: command.json };
};

const blankSeparated: LineParser = (text, from, to) => ({ args: splitBlanks(text, from, to) });

const LINE_PARSERS = new Map<string, LineParser>([
  ['add', parseMaybeJsonToList],
  ['copy', parseMaybeJsonToList],
  ['volume', parseMaybeJsonToList],
  ['run', parseMaybeJson],
  ['cmd', parseMaybeJson],
  ['entrypoint', parseMaybeJson],
  ['shell', parseMaybeJson],
  ['healthcheck', healthConfig],
  ['env', nameValue('ENV')],
  ['label', nameValue('LABEL')],
  ['arg', (text, from, to, escape) => ({ args: parseWords(text, from, to, escape) })],
  ['from', blankSeparated],
  ['expose', blankSeparated],
  ['user', whole],
  ['workdir', whole],
  ['maintainer', whole],
  ['stopsignal', whole],
  ['onbuild', (text, from, to, escape) => (from === to ? { args: [] } : { args: [], child: buildNode(text, from, to, escape) })],
]);
