import { argvVerdict, checkStrings } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveEntrypoint';

/** Passes when the final config's Entrypoint is exactly `argv` (shell form stored as `["/bin/sh", "-c", "…"]`). */
export function toHaveEntrypoint(this: unknown, received: unknown, argv: readonly string[]): MatcherResult {
  const result = asBuildResult(received, NAME);
  const expected = checkStrings(NAME, argv, 'the entrypoint');
  const call = { matcher: NAME, args: [argv] };
  return conclude(this, call, result, noImage(result, `Entrypoint ${JSON.stringify(expected)}`) ?? argvVerdict(result, 'Entrypoint', expected));
}
