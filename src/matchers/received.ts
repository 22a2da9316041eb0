import type { BuildResult } from '../index.js';

/** Whether a value has the shape of `emulate()`'s result (also after a JSON round trip). */
export function isBuildResult(value: unknown): value is BuildResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Record<keyof BuildResult, unknown>>;
  return (
    (r.status === 'success' || r.status === 'failure') &&
    Array.isArray(r.stages) &&
    Array.isArray(r.order) &&
    Array.isArray(r.tree) &&
    Array.isArray(r.unknowns)
  );
}

/** The received value as a BuildResult, or a TypeError that says what was passed instead. */
export function asBuildResult(value: unknown, matcher: string): BuildResult {
  if (isBuildResult(value)) return value;
  throw new TypeError(`${matcher}(): expected a BuildResult (the value of \`await emulate(…)\`), received ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  // The likeliest slip: `expect(emulate(…))` without await.
  if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise (did you forget `await`?)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const keys = Object.keys(value).slice(0, 5);
  return `an object with keys ${keys.length > 0 ? keys.join(', ') : '(none)'}`;
}

/** Argument checks: misuse throws, as for Jest's own matchers, instead of failing as a finding. */
export function argumentError(matcher: string, what: string): TypeError {
  return new TypeError(`${matcher}(): ${what}`);
}

/** Rejects option keys the matcher does not know, so a typo cannot pass silently. */
export function checkOptions(matcher: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw argumentError(matcher, `options must be an object with ${allowed.join(', ')}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw argumentError(matcher, `unknown option "${key}" (known: ${allowed.join(', ')})`);
  }
  return options as Record<string, unknown>;
}
