import { checkKey, checkValue, configOf, describeValue, valueMatches } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveLabel';

/** Passes when the final config has label `key`, with exactly `value` or a value matching the RegExp when given. */
export function toHaveLabel(this: unknown, received: unknown, key: string, value?: string | RegExp): MatcherResult {
  const result = asBuildResult(received, NAME);
  checkKey(NAME, key);
  const wantedValue = checkValue(NAME, value);
  const call = { matcher: NAME, args: value === undefined ? [key] : [key, value] };
  const wanted = `label ${key}${describeValue(wantedValue)}`;
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const labels = configOf(result).Labels ?? {};
  const keys = Object.keys(labels);
  if (!Object.hasOwn(labels, key)) {
    const details = keys.length > 0 ? ['Labels hold:', ...keys.map((k) => `  ${k}=${JSON.stringify(labels[k])}`)] : [];
    return conclude(this, call, result, { holds: false, expected: wanted, received: keys.length > 0 ? `no label ${key}` : 'no Labels', details });
  }
  const actual = labels[key]!;
  return conclude(this, call, result, { holds: valueMatches(actual, wantedValue), expected: wanted, received: `label ${key}=${JSON.stringify(actual)}` });
}
