import type { BuildResult, ImageConfig } from '../index.js';
import { argumentError } from './received.js';

/** The final config; a successful build always has one, `{}` keeps the matchers total. */
export function configOf(result: BuildResult): ImageConfig {
  return result.config ?? {};
}

/** A string or RegExp expectation of a config value; misuse throws. */
export function checkValue(matcher: string, value: unknown): string | RegExp | undefined {
  if (value === undefined || typeof value === 'string' || value instanceof RegExp) return value;
  throw argumentError(matcher, `the value must be a string or a RegExp, received ${typeof value}`);
}

/** An Env or label key; misuse throws. */
export function checkKey(matcher: string, key: unknown): string {
  if (typeof key !== 'string' || key === '') throw argumentError(matcher, `the key must be a non-empty string, received ${JSON.stringify(key)}`);
  return key;
}

/** `="v"` or ` matching /re/`, to follow a key in `Expected:`. */
export function describeValue(value: string | RegExp | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? `=${JSON.stringify(value)}` : ` matching ${String(value)}`;
}

/** Exact text, or a RegExp copy (so a /g pattern's lastIndex cannot carry over). */
export function valueMatches(actual: string, value: string | RegExp | undefined): boolean {
  if (value === undefined) return true;
  return typeof value === 'string' ? actual === value : new RegExp(value.source, value.flags).test(actual);
}

/** A string array argument (CMD, ENTRYPOINT, stage names); misuse throws. */
export function checkStrings(matcher: string, value: unknown, what: string): readonly string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw argumentError(matcher, `${what} must be an array of strings, received ${JSON.stringify(value)}`);
  }
  return value as string[];
}

/** Exec-form JSON, as `docker inspect` prints it. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** CMD and ENTRYPOINT compare the same way: the stored exec array, element by element. */
export function argvVerdict(result: BuildResult, field: 'Cmd' | 'Entrypoint', argv: readonly string[]): { holds: boolean; expected: string; received: string } {
  const actual = configOf(result)[field];
  const received = actual == null || actual.length === 0 ? `no ${field}` : `${field} ${json(actual)}`;
  const holds = actual != null && actual.length === argv.length && actual.every((a, i) => a === argv[i]);
  return { holds, expected: `${field} ${json(argv)}`, received };
}
