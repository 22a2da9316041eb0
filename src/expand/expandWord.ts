/**
 * Variable expansion of Dockerfile words, as BuildKit's shell lexer does it for Docker Engine
 * 26.1 (Dockerfile frontend 1.7, BuildKit v0.13; the classic builder uses the same lexer).
 *
 * Failures throw DockerfileError:
 * - 'expansion-error' with BuildKit's text, `failed to process "<word>": <reason>`
 *   (e.g. `syntax error: bad substitution`, `V: is not allowed to be unset`);
 * - 'expansion-error' `runtime error: index out of range [0] with length 0` for `${V#}` and
 *   `${V%}` with an empty pattern: v0.13 panics there, so there is no BuildKit error text;
 * - 'limit-exceeded' beyond MAX_NESTING_DEPTH nested `${…}` words.
 */
import { DockerfileError } from '../model/errors.js';
import { WordLexer, type VariableLookup } from './lexer.js';

export { MAX_NESTING_DEPTH, type VariableLookup } from './lexer.js';

export interface ExpandOptions {
  /** The Dockerfile's escape directive. */
  escapeToken: '\\' | '`';
}

/** One word (ProcessWord): quotes removed, escapes processed, no splitting. Unset variables are "". */
export function expandWord(word: string, lookup: VariableLookup, options: ExpandOptions): string {
  return new WordLexer(word, { escapeToken: options.escapeToken, processQuotes: true, lookup }).run().text;
}

/** ProcessWords, as EXPOSE uses it: like expandWord, then split on unquoted whitespace. */
export function expandWords(word: string, lookup: VariableLookup, options: ExpandOptions): string[] {
  return new WordLexer(word, { escapeToken: options.escapeToken, processQuotes: true, lookup }).run().words;
}

/**
 * A COPY/ADD heredoc body whose delimiter was not quoted: variables expand, quotes stay literal,
 * backslash escapes are processed (`\$` → `$`, `\\` → `\`, a backslash before a newline is
 * dropped and the newline kept). BuildKit always uses `\` here, whatever the escape directive.
 */
export function expandHeredocBody(body: string, lookup: VariableLookup): string {
  return new WordLexer(body, { escapeToken: '\\', processQuotes: false, lookup }).run().text;
}

/**
 * Variable names a word refers to, first occurrence first, including those inside modifier
 * words (which BuildKit always evaluates). Never throws: a malformed word yields the names read
 * before the point where expansion fails.
 */
export function referencedVariables(word: string, options: ExpandOptions): string[] {
  const names = new Set<string>();
  const lexer = new WordLexer(word, {
    escapeToken: options.escapeToken,
    processQuotes: true,
    // Every variable set and non-empty, so `${V?}` and `${V:?}` do not stop the scan.
    lookup: () => 'x',
    onName: (name) => names.add(name),
  });
  try {
    lexer.run();
  } catch (error) {
    if (!(error instanceof DockerfileError)) throw error;
  }
  return [...names];
}
