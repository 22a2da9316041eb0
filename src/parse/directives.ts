import { DockerfileError } from '../model/errors.js';
import type { Directives } from '../model/instruction.js';

/** `# key=` of BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, with Go's `\s` (no `\v`). */
const DIRECTIVE_KEY = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=/;
const BLANK = /[\t\n\f\r ]/;

/**
 * The `(.+?)\s*$` part, without the regex's quadratic backtracking: the text between leading and
 * trailing blanks, or the last blank when there are only blanks (what the regex then captures).
 */
function directiveValue(rest: string): string | undefined {
  let start = 0;
  let end = rest.length;
  while (start < end && BLANK.test(rest[start]!)) start++;
  while (end > start && BLANK.test(rest[end - 1]!)) end--;
  if (start < end) return rest.slice(start, end);
  return rest === '' ? undefined : rest.slice(-1);
}

/**
 * Reads parser directives off the top of the file. Scanning stops at the first line that is not
 * a directive of a known key; frontend 1.7 knows only `syntax` and `escape`, so a `check`
 * line (a directive from 1.8 on) is kept for information but ends the scan like any comment.
 */
export class DirectiveScanner {
  private done = false;
  private readonly seen = new Set<string>();
  private syntax: string | undefined;
  private check: string | undefined;
  escape: '\\' | '`' = '\\';

  /** Looks at one line (left-trimmed); throws on a repeated directive or a bad escape token. */
  feed(line: string): void {
    if (this.done) return;
    const m = DIRECTIVE_KEY.exec(line);
    const value = m ? directiveValue(line.slice(m[0].length)) : undefined;
    const key = value === undefined ? undefined : m![1]!.toLowerCase();
    if (key === 'check') this.check = value;
    if (value === undefined || (key !== 'syntax' && key !== 'escape')) {
      this.done = true;
      return;
    }
    if (this.seen.has(key)) throw new DockerfileError('syntax-error', `only one ${key} parser directive can be used`);
    this.seen.add(key);
    if (key === 'syntax') {
      this.syntax = value;
    } else if (value === '\\' || value === '`') {
      this.escape = value;
    } else {
      throw new DockerfileError('syntax-error', `invalid escape token '${value}' does not match \` or \\`);
    }
  }

  result(): Directives {
    return { syntax: this.syntax, escape: this.escape, check: this.check };
  }
}
