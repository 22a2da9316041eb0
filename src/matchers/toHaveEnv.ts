import { checkKey, checkValue, configOf, describeValue, valueMatches } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveEnv';

/** Passes when the final config's Env sets `key`, to exactly `value` or to a value matching the RegExp when given. */
export function toHaveEnv(this: unknown, received: unknown, key: string, value?: string | RegExp): MatcherResult {
  const result = asBuildResult(received, NAME);
  checkKey(NAME, key);
  const wantedValue = checkValue(NAME, value);
  const call = { matcher: NAME, args: value === undefined ? [key] : [key, value] };
  const wanted = `Env ${key}${describeValue(wantedValue)}`;
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const env = configOf(result).Env ?? [];
  // Docker keeps one entry per key; should there be more, the last is what a process sees.
  const entry = env.findLast((e) => e === key || e.startsWith(`${key}=`));
  if (entry === undefined) {
    const details = env.length > 0 ? ['Env holds:', ...env.map((e) => `  ${e}`)] : [];
    return conclude(this, call, result, { holds: false, expected: wanted, received: env.length > 0 ? `no ${key} in Env` : 'no Env', details });
  }
  const actual = entry.slice(key.length + 1);
  return conclude(this, call, result, { holds: valueMatches(actual, wantedValue), expected: wanted, received: `Env ${key}=${JSON.stringify(actual)}` });
}
