/** A 1-based position in the Dockerfile, as Docker reports lines (`Dockerfile:4`). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The span of an instruction (or one of its words) in the Dockerfile, 1-based, end inclusive of the last line. */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}
