import type { SourceRange } from './source.js';

/**
 * Why a build would fail. `message` is worded as the emulated builder words it (without the
 * CLI's `ERROR: failed to solve:` or `Error response from daemon:` prefix).
 */
export interface BuildFailure {
  readonly code: FailureCode;
  readonly message: string;
  /** Where in the Dockerfile, when the failure belongs to an instruction. */
  readonly range?: SourceRange;
  /** The stage that failed, when the failure belongs to one. */
  readonly stage?: string;
}

export type FailureCode =
  | 'parse-error'
  | 'syntax-error'
  | 'empty-dockerfile'
  | 'no-stages'
  | 'unknown-instruction'
  | 'unknown-flag'
  | 'invalid-flag'
  | 'invalid-argument'
  | 'unknown-target'
  | 'invalid-stage-name'
  | 'duplicate-stage-name'
  | 'circular-dependency'
  | 'invalid-stage-reference'
  | 'expansion-error'
  | 'requires-buildkit'
  | 'source-not-found'
  | 'run-failed'
  | 'no-source-files'
  | 'invalid-destination'
  | 'file-conflict'
  | 'invalid-chown'
  | 'invalid-chmod'
  | 'missing-image'
  | 'unsupported'
  | 'limit-exceeded'
  | 'context-error';

/** A failure raised while parsing, planning or executing; caught and turned into a result. */
export class DockerfileError extends Error {
  readonly code: FailureCode;
  readonly range: SourceRange | undefined;

  constructor(code: FailureCode, message: string, range?: SourceRange) {
    super(message);
    this.name = 'DockerfileError';
    this.code = code;
    this.range = range;
  }

  toFailure(stage?: string): BuildFailure {
    return {
      code: this.code,
      message: this.message,
      ...(this.range ? { range: this.range } : {}),
      ...(stage !== undefined ? { stage } : {}),
    };
  }
}
