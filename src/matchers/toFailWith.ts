import type { FailureCode } from '../index.js';
import { conclude, describeFailure, failureDetails, type MatcherResult } from './messages.js';
import { argumentError, asBuildResult, checkOptions } from './received.js';

const NAME = 'toFailWith';

/** Every FailureCode, so that a string naming one compares codes instead of message text. */
const CODES = [
  'parse-error', 'syntax-error', 'empty-dockerfile', 'no-stages', 'unknown-instruction', 'unknown-flag', 'invalid-flag',
  'invalid-argument', 'unknown-target', 'invalid-stage-name', 'duplicate-stage-name', 'circular-dependency',
  'invalid-stage-reference', 'expansion-error', 'requires-buildkit', 'source-not-found', 'run-failed', 'no-source-files',
  'invalid-destination', 'file-conflict', 'invalid-chown', 'invalid-chmod', 'missing-image', 'unsupported',
  'limit-exceeded', 'context-error',
] as const satisfies readonly FailureCode[];

// A code added to FailureCode but not above fails to compile here.
type Unlisted = Exclude<FailureCode, (typeof CODES)[number]>;
const everyCodeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyCodeListed;

const isCode = (text: string): text is FailureCode => (CODES as readonly string[]).includes(text);

/** What `toFailWith` can check besides the failure itself. */
export interface FailureExpectation {
  /** The Dockerfile line the failure points at. */
  readonly line?: number;
}

/**
 * Passes when the build fails, with the FailureCode given (`'source-not-found'`), or a message
 * containing the text given, or matching the RegExp given; and at `line` when given.
 */
export function toFailWith(this: unknown, received: unknown, expected: string | RegExp, options?: FailureExpectation): MatcherResult {
  const result = asBuildResult(received, NAME);
  if (!(expected instanceof RegExp) && (typeof expected !== 'string' || expected === '')) {
    throw argumentError(NAME, `expected a FailureCode, a message substring or a RegExp, received ${JSON.stringify(expected)}`);
  }
  const { line } = checkOptions(NAME, options, ['line']);
  if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1)) {
    throw argumentError(NAME, `line must be a positive integer, received ${JSON.stringify(line)}`);
  }
  const what =
    expected instanceof RegExp ? `a message matching ${String(expected)}` : isCode(expected) ? `code ${expected}` : `a message containing ${JSON.stringify(expected)}`;
  const wanted = `a failure with ${what}${line !== undefined ? ` at line ${line}` : ''}`;
  const call = { matcher: NAME, args: options === undefined ? [expected] : [expected, options] };
  const failure = result.failure;
  if (result.status !== 'failure' || !failure) {
    const built = result.order.length > 0 ? `: ${result.order.join(' -> ')}` : '';
    return conclude(this, call, result, { holds: false, expected: wanted, received: `a successful build${built}` });
  }
  const textOk =
    expected instanceof RegExp ? new RegExp(expected.source, expected.flags).test(failure.message) : isCode(expected) ? failure.code === expected : failure.message.includes(expected);
  const lineOk = line === undefined || failure.range?.start.line === line;
  return conclude(this, call, result, { holds: textOk && lineOk, expected: wanted, received: describeFailure(result), details: failureDetails(result) });
}
