import type { SourcePosition, SourceRange } from '../model/source.js';

/** A piece of a logical line: its text (possibly unquoted or unescaped) and the [start, end) it came from. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * One instruction's text as BuildKit's parser sees it (physical lines joined, comments and
 * continuation tokens removed), remembering where every character came from in the file.
 */
export class LogicalLine {
  text = '';
  private readonly lines: number[] = [];
  private readonly columns: number[] = [];

  /** `at` is where an empty line is said to be. */
  constructor(private readonly at: SourcePosition) {}

  append(piece: string, line: number, column: number): void {
    for (let i = 0; i < piece.length; i++) {
      this.lines.push(line);
      this.columns.push(column + i);
    }
    this.text += piece;
  }

  position(offset: number): SourcePosition {
    if (offset < this.text.length) return { line: this.lines[offset]!, column: this.columns[offset]! };
    return this.text.length === 0 ? this.at : this.after(this.text.length - 1);
  }

  /** The range of text[start, end); the end column is just past the last character. */
  range(start: number, end: number): SourceRange {
    const first = this.position(start);
    return { start: first, end: end > start ? this.after(end - 1) : first };
  }

  private after(offset: number): SourcePosition {
    return { line: this.lines[offset]!, column: this.columns[offset]! + 1 };
  }
}
