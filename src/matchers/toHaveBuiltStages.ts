import { checkStrings } from './config.js';
import { conclude, describeFailure, type MatcherResult } from './messages.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveBuiltStages';

/**
 * Passes when the stages that run are exactly `names`, in build order (`result.order`: `AS`
 * names, or `stage-N` for unnamed stages). Also for a failed build: the stages run up to the failure.
 */
export function toHaveBuiltStages(this: unknown, received: unknown, names: readonly string[]): MatcherResult {
  const result = asBuildResult(received, NAME);
  const expected = checkStrings(NAME, names, 'the stage names');
  const holds = expected.length === result.order.length && expected.every((n, i) => n === result.order[i]);
  const width = Math.max(0, ...result.stages.map((s) => s.displayName.length));
  const statusWidth = Math.max(0, ...result.stages.map((s) => s.status.length));
  // Every stage with what the builder does with it and why: a skipped stage's reason is usually the answer.
  const details = result.stages.map((s) => `#${s.index} ${s.displayName.padEnd(width)}  ${s.status.padEnd(statusWidth)}  ${s.reason}`);
  if (result.status === 'failure') details.push(describeFailure(result));
  return conclude(this, { matcher: NAME, args: [names] }, result, {
    holds,
    expected: `built stages ${order(expected)}`,
    received: `built stages ${order(result.order)}`,
    details,
  });
}

const order = (names: readonly string[]): string => (names.length > 0 ? names.join(' -> ') : '(none)');
