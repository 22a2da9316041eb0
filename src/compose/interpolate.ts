/**
 * Compose's variable interpolation (compose-go's template package): `$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, `${NAME:+alt}`,
 * `${NAME+alt}`, nested defaults (`${A:-${B:-x}}`) and `$$` for a literal `$`. Names are
 * `[_a-zA-Z][_a-zA-Z0-9]*`; a `$` not followed by one is left as it is.
 */

/** `${` that does not close on a valid name, or a required variable without a value. */
export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

/** Looks a variable up: its value, or undefined when it is unset. */
export type Lookup = (name: string) => string | undefined;

export interface InterpolateResult {
  readonly value: string;
  /** Variables used without a value and without a default (Compose warns and uses ""). */
  readonly unset: readonly string[];
}

const NAME_START = /[_a-zA-Z]/;
const NAME_CHAR = /[_a-zA-Z0-9]/;
const OPERATORS = [':?', '?', ':-', '-', ':+', '+'] as const;

export function interpolate(template: string, lookup: Lookup): InterpolateResult {
  const unset: string[] = [];
  const value = substitute(template, lookup, unset);
  return { value, unset };
}

function substitute(template: string, lookup: Lookup, unset: string[]): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 2;
      while (end < template.length && NAME_CHAR.test(template[end]!)) end++;
      out += variable(template.slice(dollar + 1, end), lookup, unset);
      i = end;
    } else if (next === '{') {
      const close = closingBrace(template, dollar + 1);
      if (close < 0) throw new InterpolationError(`Invalid template: ${JSON.stringify(template)}`);
      out += braced(template.slice(dollar + 2, close), template, lookup, unset);
      i = close + 1;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return out + template.slice(i);
}

/** The `}` closing the `{` at `open`, counting nested `${…}` (compose-go's getFirstBraceClosingIndex). */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
    if (s[i] === '{') {
      depth++;
      i++;
    }
  }
  return -1;
}

function variable(name: string, lookup: Lookup, unset: string[]): string {
  const value = lookup(name);
  if (value === undefined) unset.push(name);
  return value ?? '';
}

/** The inside of `${…}`: a name, optionally an operator and its (interpolated) word. */
function braced(inside: string, template: string, lookup: Lookup, unset: string[]): string {
  const match = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(inside);
  const rest = match ? inside.slice(match[0].length) : '';
  if (!match || (rest !== '' && !/^:?[-+?]/.test(rest))) throw new InterpolationError(`Invalid template: ${JSON.stringify(template)}`);
  const name = match[0];
  if (rest === '') return variable(name, lookup, unset);
  const op = OPERATORS.find((o) => rest.startsWith(o))!;
  const word = rest.slice(op.length);
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : substitute(word, lookup, unset);
    case '-':
      return set ? value : substitute(word, lookup, unset);
    case ':+':
      return nonEmpty ? substitute(word, lookup, unset) : (value ?? '');
    case '+':
      return set ? substitute(word, lookup, unset) : '';
    case ':?':
    case '?':
      if (op === ':?' ? nonEmpty : set) return value!;
      throw new InterpolationError(requiredMessage(name, substitute(word, lookup, unset)));
  }
}

function requiredMessage(name: string, reason: string): string {
  return reason ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`;
}
