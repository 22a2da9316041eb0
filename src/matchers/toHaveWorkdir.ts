import { configOf } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { argumentError, asBuildResult } from './received.js';

const NAME = 'toHaveWorkdir';

/** Passes when the final config's WorkingDir is `dir` exactly; no WORKDIR counts as `/`, where `docker run` starts. */
export function toHaveWorkdir(this: unknown, received: unknown, dir: string): MatcherResult {
  const result = asBuildResult(received, NAME);
  if (typeof dir !== 'string' || dir === '') throw argumentError(NAME, `the directory must be a non-empty string, received ${JSON.stringify(dir)}`);
  const call = { matcher: NAME, args: [dir] };
  const wanted = `WorkingDir ${JSON.stringify(dir)}`;
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const actual = configOf(result).WorkingDir ?? '';
  const shown = actual === '' ? 'no WorkingDir (runs in /)' : `WorkingDir ${JSON.stringify(actual)}`;
  return conclude(this, call, result, { holds: (actual || '/') === dir, expected: wanted, received: shown });
}
