import { formatTreeLine, type TreeEntry } from '../index.js';
import { describeWanted, modeCheck, ownerCheck, runChecks, type Check } from './checks.js';
import { contentCheck, type ContentSpec } from './content.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import type { ModeSpec } from './modes.js';
import type { OwnerSpec } from './owners.js';
import { checkPath, describeMissing, fileEntry, lookup, viaLines } from './paths.js';
import { asBuildResult, checkOptions } from './received.js';

/** What `toHaveFile` can check besides the file being there. */
export interface FileExpectation {
  /** Exact text (UTF-8), a RegExp the text matches, or exact bytes. */
  readonly content?: ContentSpec;
  /** Permission bits: `0o644` or `'-rw-r--r--'`. */
  readonly mode?: ModeSpec;
  /** `'uid:gid'`, `'uid'`, or names (`'node:node'`, `'node'`) looked up in the image's /etc/passwd and /etc/group. */
  readonly owner?: OwnerSpec;
}

const NAME = 'toHaveFile';

/**
 * Passes when the final image has a regular file (or hard link) at `path`, symlinks followed as
 * `test -f` does, with the given content, mode and owner.
 */
export function toHaveFile(this: unknown, received: unknown, path: string, expected?: FileExpectation): MatcherResult {
  const result = asBuildResult(received, NAME);
  const clean = checkPath(NAME, path);
  const options = checkOptions(NAME, expected, ['content', 'mode', 'owner']);
  let target: { entry: TreeEntry; path: string } | undefined;
  const checks: Check[] = [];
  if (options.mode !== undefined) checks.push(modeCheck(NAME, options.mode, 'file'));
  if (options.owner !== undefined) checks.push(ownerCheck(NAME, options.owner, result));
  if (options.content !== undefined) checks.push(contentCheck(NAME, options.content, result, () => target!));
  const call = { matcher: NAME, args: expected === undefined ? [path] : [path, expected] };
  const wanted = describeWanted(`a file at ${clean}`, checks);
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const found = lookup(result, clean, true);
  if (!found.found) return conclude(this, call, result, { holds: false, expected: wanted, ...describeMissing(result, found) });
  const via = viaLines(found.via);
  if (!found.entry || (found.entry.type !== 'file' && found.entry.type !== 'hardlink')) {
    const line = found.entry ? formatTreeLine(found.entry) : 'the root directory /';
    return conclude(this, call, result, { holds: false, expected: wanted, received: `not a file: ${line}`, details: via });
  }
  target = { entry: fileEntry(result, found.entry), path: found.path };
  const { holds, details } = runChecks(checks, target.entry);
  return conclude(this, call, result, { holds, expected: wanted, received: formatTreeLine(found.entry), details: [...via, ...details] });
}
