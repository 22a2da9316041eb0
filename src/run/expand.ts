import type { ParamOp, Script, Word, WordPart } from './ast.js';
import { globPaths, hasPattern, patternSource, type Segment } from './glob.js';
import type { Vfs } from './vfs.js';

/** What expansion needs from the shell running the word. */
export interface ExpandHost {
  readonly fs: Vfs;
  readonly noglob: boolean;
  /** `set -u`: expanding an unset parameter is an error. */
  readonly nounset: boolean;
  /** A parameter's value; undefined when unset (and `set -u` is the host's concern). */
  param(name: string): string | undefined;
  /** `"$@"`: the positional parameters. */
  positional(): readonly string[];
  assign(name: string, value: string): void;
  /** Runs `$(...)`, returning its standard output. */
  substitute(body: Script): string;
  homeOf(user: string): string | undefined;
  /** `set -u` on an unset parameter, or `${v?msg}`: the shell reports and exits. */
  paramError(name: string, message: string): never;
}

type Field = Segment[];

const IFS_DEFAULT = ' \t\n';

/** Expands words into the fields of a command line: parameters, `$(...)`, splitting, pathnames. */
export function expandFields(words: readonly Word[], host: ExpandHost): string[] {
  const out: string[] = [];
  for (const word of words) {
    for (const field of splitWord(word, host)) {
      if (!host.noglob && hasPattern(field)) {
        const matched = globPaths(host.fs, field);
        if (matched.length > 0) {
          out.push(...matched);
          continue;
        }
      }
      out.push(field.map((s) => s.text).join(''));
    }
  }
  return out;
}

/** Expands a word to one string, without splitting or pathname expansion (assignments, here-documents, redirection targets). */
export function expandString(word: Word, host: ExpandHost): string {
  return segmentsOf(word.parts, host)
    .map((s) => s.text)
    .join('');
}

/** A word as a pattern (`case`, `${v#p}`): quoted parts match literally. */
export function expandPattern(word: Word, host: ExpandHost): Segment[] {
  return segmentsOf(word.parts, host);
}

function segmentsOf(parts: readonly WordPart[], host: ExpandHost): Segment[] {
  const out: Segment[] = [];
  for (const part of parts) {
    if (part.kind === 'literal') out.push({ text: part.text, quoted: part.quoted });
    else if (part.kind === 'tilde') out.push({ text: tilde(part.user, host), quoted: true });
    else out.push({ text: valueOf(part, host), quoted: part.quoted });
  }
  return out;
}

function tilde(user: string, host: ExpandHost): string {
  const home = user === '' ? host.param('HOME') : host.homeOf(user);
  return home ?? `~${user}`;
}

/** The fields one word makes: unquoted expansion results split at IFS characters. */
function splitWord(word: Word, host: ExpandHost): Field[] {
  const fields: Field[] = [];
  let current: Field = [];
  let keep = false; // a quoted part, even an empty one, makes the field exist
  const finish = (): void => {
    if (keep || current.some((s) => s.text !== '')) fields.push(current);
    current = [];
    keep = false;
  };
  for (const part of word.parts) {
    if (part.kind === 'literal') {
      current.push({ text: part.text, quoted: part.quoted });
      if (part.quoted) keep = true;
      continue;
    }
    if (part.kind === 'tilde') {
      current.push({ text: tilde(part.user, host), quoted: true });
      continue;
    }
    if (part.kind === 'param' && part.quoted && part.name === '@' && part.op === undefined) {
      // "$@": one field per positional parameter, none when there are none.
      host.positional().forEach((arg, i) => {
        if (i > 0) finish();
        current.push({ text: arg, quoted: true });
        keep = true;
      });
      continue;
    }
    const value = valueOf(part, host);
    if (part.quoted) {
      current.push({ text: value, quoted: true });
      keep = true;
      continue;
    }
    const ifs = host.param('IFS') ?? IFS_DEFAULT;
    const { pieces, hard } = splitValue(value, ifs);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        // A non-blank IFS character delimits a field even when the field is empty (`a::b`).
        if (hard[i - 1]) keep = true;
        finish();
      }
      if (piece !== '') current.push({ text: piece, quoted: false });
    });
  }
  finish();
  return fields;
}

/**
 * Splits an unquoted expansion at IFS: the first piece continues the current field, each later
 * piece starts a new one; an empty piece at either end marks a field boundary there. `hard[i]`
 * tells whether the boundary after piece i had a non-blank IFS character in it.
 */
function splitValue(value: string, ifs: string): { pieces: string[]; hard: boolean[] } {
  if (ifs === '') return { pieces: [value], hard: [] };
  const white = [...ifs].filter((c) => IFS_DEFAULT.includes(c)).join('');
  const other = [...ifs].filter((c) => !IFS_DEFAULT.includes(c)).join('');
  const pieces: string[] = [];
  const hard: boolean[] = [];
  let piece = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    if (white.includes(ch) || other.includes(ch)) {
      pieces.push(piece);
      piece = '';
      // A run of IFS white space (with at most one other IFS character in it) is one separator.
      let sawOther = other.includes(ch);
      i++;
      while (i < value.length && (white.includes(value[i]!) || (!sawOther && other.includes(value[i]!)))) {
        if (other.includes(value[i]!)) sawOther = true;
        i++;
      }
      hard.push(sawOther);
      continue;
    }
    piece += ch;
    i++;
  }
  pieces.push(piece);
  return { pieces, hard };
}

function valueOf(part: Exclude<WordPart, { kind: 'literal' | 'tilde' }>, host: ExpandHost): string {
  if (part.kind === 'command') return host.substitute(part.body).replace(/\n+$/, '');
  const value = host.param(part.name);
  const op = part.op;
  if (op === undefined) return value ?? unset(part.name, host);
  if (op === 'length') return String([...(value ?? unset(part.name, host))].length);
  const arg = part.arg ?? { parts: [], text: '' };
  const colon = op.startsWith(':');
  const missing = value === undefined || (colon && value === '');
  switch (op) {
    case ':-':
    case '-':
      return missing ? expandString(arg, host) : value!;
    case ':=':
    case '=':
      if (!missing) return value!;
      host.assign(part.name, expandString(arg, host));
      return host.param(part.name) ?? '';
    case ':+':
    case '+':
      return missing ? '' : expandString(arg, host);
    case ':?':
    case '?': {
      if (!missing) return value!;
      const message = expandString(arg, host);
      return host.paramError(part.name, message === '' ? 'parameter not set' : message);
    }
    default:
      return trim(value ?? unset(part.name, host), op, expandPattern(arg, host));
  }
}

function unset(name: string, host: ExpandHost): string {
  return host.nounset ? host.paramError(name, 'parameter not set') : '';
}

/** `${v#p}` `${v##p}` `${v%p}` `${v%%p}`: removes the shortest or longest matching prefix or suffix. */
function trim(value: string, op: ParamOp, pattern: Segment[]): string {
  const regex = new RegExp(`^(?:${patternSource(pattern)})$`);
  const n = value.length;
  if (op === '#' || op === '##') {
    const order = op === '#' ? range(0, n) : range(n, 0);
    for (const i of order) if (regex.test(value.slice(0, i))) return value.slice(i);
  } else {
    const order = op === '%' ? range(n, 0) : range(0, n);
    for (const i of order) if (regex.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let i = from; i <= to; i++) out.push(i);
  else for (let i = from; i >= to; i--) out.push(i);
  return out;
}
