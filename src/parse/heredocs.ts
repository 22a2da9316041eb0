import { DockerfileError } from '../model/errors.js';
import { LexError, lexWords } from './shellWords.js';

/** A heredoc word (`<<EOF`, `<<-"EOF"`, `3<<EOF`) taken apart. */
export interface HeredocWord {
  readonly name: string;
  /** False when any part of the delimiter was quoted. */
  readonly expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  readonly chomp: boolean;
  readonly fd: number | undefined;
}

/** A heredoc of an instruction line with its body as read, before any tab stripping. */
export interface LineHeredoc extends HeredocWord {
  readonly content: string;
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

/**
 * `ParseHeredoc`: the heredoc a word stands for, or undefined when it is not one (the delimiter
 * must be a single shell word). Throws a DockerfileError when the delimiter does not lex.
 */
export function parseHeredocWord(word: string): HeredocWord | undefined {
  const m = HEREDOC_WORD.exec(word);
  const rest = m?.[3];
  if (!m || !rest) return undefined;
  const words = lex(rest, false);
  if (words.length !== 1) return undefined;
  const raw = lex(rest, true);
  if (raw.length !== 1) {
    throw new DockerfileError('syntax-error', `internal lexing of heredoc produced inconsistent results: ${rest}`);
  }
  const name = words[0]!;
  return {
    name,
    expand: countQuotes(name) === countQuotes(raw[0]!),
    chomp: m[2] === '-',
    fd: m[1] === '' ? undefined : Number(m[1]),
  };
}

/** `MustParseHeredoc`: like parseHeredocWord, but a delimiter that does not lex is no heredoc. */
export function heredocOfWord(word: string): HeredocWord | undefined {
  try {
    return parseHeredocWord(word);
  } catch (e) {
    if (e instanceof DockerfileError) return undefined;
    throw e;
  }
}

/**
 * The heredocs a RUN/COPY/ADD line opens, in order. The line is split like a shell would (quotes
 * kept, so `"<<EOF"` is no heredoc); a line that does not lex opens none.
 */
export function heredocsOfLine(line: string): HeredocWord[] {
  let words: string[];
  try {
    words = lexWords(line, { rawQuotes: true, rawEscapes: true });
  } catch (e) {
    if (e instanceof LexError) return [];
    throw e;
  }
  return words.map(parseHeredocWord).filter((h): h is HeredocWord => h !== undefined);
}

/** `<<-`: removes the leading tabs of every line of a body (lines end at `\n` only, as in Go). */
export function chompHeredoc(content: string): string {
  return content.replace(/(^|\n)\t+/g, '$1');
}

function lex(source: string, rawQuotes: boolean): string[] {
  try {
    return lexWords(source, { rawQuotes, rawEscapes: false });
  } catch (e) {
    if (e instanceof LexError) throw new DockerfileError('syntax-error', e.message);
    throw e;
  }
}

function countQuotes(s: string): number {
  return s.split(/['"]/).length - 1;
}
