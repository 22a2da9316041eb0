import { formatTreeLine } from '../index.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { checkPath, describeMissing, lookup, viaLines } from './paths.js';
import { argumentError, asBuildResult } from './received.js';

const NAME = 'toHaveSymlink';

/** Passes when `path` itself is a symlink (earlier symlinks in the path followed), pointing to `target` when given (the link text, exactly). */
export function toHaveSymlink(this: unknown, received: unknown, path: string, target?: string): MatcherResult {
  const result = asBuildResult(received, NAME);
  const clean = checkPath(NAME, path);
  if (target !== undefined && (typeof target !== 'string' || target === '')) {
    throw argumentError(NAME, `the target must be a non-empty string, received ${JSON.stringify(target)}`);
  }
  const call = { matcher: NAME, args: target === undefined ? [path] : [path, target] };
  const wanted = `a symlink at ${clean}${target !== undefined ? ` -> ${target}` : ''}`;
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const found = lookup(result, clean, false);
  if (!found.found) return conclude(this, call, result, { holds: false, expected: wanted, ...describeMissing(result, found) });
  const details = viaLines(found.via);
  if (!found.entry || found.entry.type !== 'symlink') {
    const line = found.entry ? formatTreeLine(found.entry) : 'the root directory /';
    return conclude(this, call, result, { holds: false, expected: wanted, received: `not a symlink: ${line}`, details });
  }
  const holds = target === undefined || found.entry.linkTarget === target;
  return conclude(this, call, result, { holds, expected: wanted, received: formatTreeLine(found.entry), details });
}
