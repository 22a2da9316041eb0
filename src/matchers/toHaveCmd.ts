import { argvVerdict, checkStrings } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveCmd';

/**
 * Passes when the final config's Cmd is exactly `argv`. A shell-form `CMD node index.js` is
 * stored as `["/bin/sh", "-c", "node index.js"]`, so that is what to expect.
 */
export function toHaveCmd(this: unknown, received: unknown, argv: readonly string[]): MatcherResult {
  const result = asBuildResult(received, NAME);
  const expected = checkStrings(NAME, argv, 'the command');
  const call = { matcher: NAME, args: [argv] };
  return conclude(this, call, result, noImage(result, `Cmd ${JSON.stringify(expected)}`) ?? argvVerdict(result, 'Cmd', expected));
}
