import { DockerfileError } from '../model/errors.js';
import type { Directives } from '../model/instruction.js';

/** `# key=value`, with Go's `\s` (no vertical tab) and `.` (anything but a newline). */
const DIRECTIVE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;

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
    const m = DIRECTIVE.exec(line);
    const key = m?.[1]!.toLowerCase();
    const value = m?.[2] ?? '';
    if (key === 'check') this.check = value;
    if (key !== 'syntax' && key !== 'escape') {
      this.done = true;
      return;
    }
    if (this.seen.has(key)) throw new DockerfileError('parse-error', `only one ${key} parser directive can be used`);
    this.seen.add(key);
    if (key === 'syntax') {
      this.syntax = value;
    } else if (value === '\\' || value === '`') {
      this.escape = value;
    } else {
      throw new DockerfileError('parse-error', `invalid escape token '${value}' does not match \` or \\`);
    }
  }

  result(): Directives {
    return { syntax: this.syntax, escape: this.escape, check: this.check };
  }
}
