import { failureLocation, type BuildResult } from '../index.js';

/**
 * The part of Jest's and Vitest's matcher `this` the matchers read. Matchers take any `this`
 * (none when called directly, the matchers object when called as its method).
 */
export interface MatcherContext {
  /** True under `.not`. */
  readonly isNot?: boolean;
}

/** What a matcher returns, in the shape both Jest and Vitest expect. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** A matcher's finding, before it is turned into pass/fail for the polarity in use. */
export interface Verdict {
  /** Whether the expectation holds; `undefined` when the prediction cannot tell (fails with and without `.not`). */
  readonly holds: boolean | undefined;
  /** The expectation, worded so that `not ` can precede it. */
  readonly expected: string;
  readonly received: string;
  /** Lines under `Received:` (indented). */
  readonly details?: readonly string[];
}

/** The call as the user wrote it, for the first line of the message. */
export interface Call {
  readonly matcher: string;
  readonly args: readonly unknown[];
}

const MAX_NOTE_LINES = 5;

/**
 * The one message layout every matcher uses:
 *
 *     expect(result).not.toHaveFile("/app/a.txt")
 *
 *     Expected: not a file at /app/a.txt
 *     Received: -rw-r--r-- 0:0 1 /app/a.txt
 *       (details)
 *
 *     Note: (why the prediction may differ from a real build)
 */
export function conclude(context: unknown, call: Call, result: BuildResult, verdict: Verdict): MatcherResult {
  const isNot = (context as MatcherContext | undefined)?.isNot === true;
  // An unknowable answer must not pass quietly under either polarity.
  const pass = verdict.holds === undefined ? isNot : verdict.holds;
  return { pass, message: () => formatMessage(call, isNot, verdict, result) };
}

function formatMessage(call: Call, isNot: boolean, verdict: Verdict, result: BuildResult): string {
  const lines = [
    `expect(result)${isNot ? '.not' : ''}.${call.matcher}(${call.args.map((a) => show(a)).join(', ')})`,
    '',
    `Expected: ${isNot ? 'not ' : ''}${verdict.expected}`,
    `Received: ${verdict.received}`,
    ...(verdict.details ?? []).map((d) => `  ${d}`),
  ];
  const notes = partialNote(result);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

/** Lists the steps the emulator did not model, since a real build may differ there. */
export function partialNote(result: BuildResult): string[] {
  if (!result.partial || result.unknowns.length === 0) return [];
  const shown = result.unknowns.slice(0, MAX_NOTE_LINES).map((u) => `  ${u.line !== undefined ? `line ${u.line}` : u.stage}: ${u.what} (${u.reason})`);
  const more = result.unknowns.length - shown.length;
  return ['Note: partial prediction, a real build may differ; not modelled:', ...shown, ...(more > 0 ? [`  … and ${more} more`] : [])];
}

/** The verdict of any image matcher on a failed build: there is nothing to check. */
export function noImage(result: BuildResult, expected: string): Verdict | undefined {
  if (result.status === 'success') return undefined;
  return { holds: undefined, expected, received: `no image: ${describeFailure(result)}`, details: failureDetails(result) };
}

/** `the build fails at Dockerfile:2:1 (source-not-found)` */
export function describeFailure(result: BuildResult): string {
  const failure = result.failure;
  if (!failure) return 'the build fails';
  return `the build fails at ${failureLocation(result, 'Dockerfile')} (${failure.code})`;
}

/** The failure's own message, as the line under `Received:`. */
export function failureDetails(result: BuildResult): string[] {
  return result.failure ? [result.failure.message] : [];
}

/** Octal with Node's prefix: `0o644`. */
export function octal(mode: number): string {
  return `0o${mode.toString(8).padStart(3, '0')}`;
}

/** A value as the user would write it in the call: strings quoted, regexps as literals, bytes by size. */
export function show(value: unknown, key?: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return key === 'mode' ? octal(value) : String(value);
  if (value instanceof RegExp) return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${show(v, k)}`);
    return fields.length > 0 ? `{ ${fields.join(', ')} }` : '{}';
  }
  return String(value);
}
