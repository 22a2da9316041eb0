import { DockerfileError } from '../model/errors.js';
import type { CommandLine } from '../model/instruction.js';
import { trimSpan } from './goText.js';
import { decodeJsonArray, type JsonArray } from './json.js';
import type { Token } from './logicalLine.js';
import { splitBlanks } from './words.js';

/** Arguments as a line parser leaves them, and whether they were a JSON array (exec form). */
export interface ArgList {
  readonly args: readonly Token[];
  readonly json: boolean;
}

/**
 * RUN, CMD, ENTRYPOINT, SHELL (`parseMaybeJSON`): a JSON array of strings, else the whole text
 * as one argument. Text that is not valid JSON silently falls back to that shell form.
 */
export function parseMaybeJson(text: string, from: number, to: number): ArgList {
  if (from === to) return { args: [], json: false };
  const array = parseJson(text, from, to);
  if (array.kind === 'strings') return { args: array.items, json: true };
  return { args: [{ text: text.slice(from, to), start: from, end: to }], json: false };
}

/** ADD, COPY, VOLUME (`parseMaybeJSONToList`): a JSON array of strings, else blank-separated words. */
export function parseMaybeJsonToList(text: string, from: number, to: number): ArgList {
  const array = parseJson(text, from, to);
  if (array.kind === 'strings') return { args: array.items, json: true };
  return { args: splitBlanks(text, from, to), json: false };
}

/** What the builder runs: exec form as is, shell form as the arguments joined by spaces. */
export function commandLine({ args, json }: ArgList): CommandLine {
  if (json) return { form: 'exec', args: args.map((a) => a.text) };
  return { form: 'shell', text: args.map((a) => a.text).join(' ') };
}

function parseJson(text: string, from: number, to: number): Exclude<JsonArray, { kind: 'not-strings' }> {
  const [start] = trimSpan(text, from, to);
  if (text[start] !== '[' || start >= to) return { kind: 'invalid' };
  const array = decodeJsonArray(text, start, to);
  if (array.kind === 'not-strings') {
    throw new DockerfileError('syntax-error', 'when using JSON array syntax, arrays must be comprised of strings only');
  }
  return array;
}
