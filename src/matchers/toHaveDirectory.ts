import { formatTreeLine, type BuildResult } from '../index.js';
import { describeWanted, modeCheck, ownerCheck, runChecks, type Check, type Meta } from './checks.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import type { ModeSpec } from './modes.js';
import type { OwnerSpec } from './owners.js';
import { checkPath, describeMissing, lookup, viaLines, viewOf } from './paths.js';
import { asBuildResult, checkOptions } from './received.js';

/** What `toHaveDirectory` can check besides the directory being there. */
export interface DirectoryExpectation {
  /** Permission bits: `0o755` or `'drwxr-xr-x'`. */
  readonly mode?: ModeSpec;
  /** `'uid:gid'`, `'uid'`, or names looked up in the image's /etc/passwd and /etc/group. */
  readonly owner?: OwnerSpec;
}

const NAME = 'toHaveDirectory';

/** Passes when the final image has a directory at `path` (symlinks followed, as `test -d` does) with the given mode and owner. */
export function toHaveDirectory(this: unknown, received: unknown, path: string, expected?: DirectoryExpectation): MatcherResult {
  const result = asBuildResult(received, NAME);
  const clean = checkPath(NAME, path);
  const options = checkOptions(NAME, expected, ['mode', 'owner']);
  const checks: Check[] = [];
  if (options.mode !== undefined) checks.push(modeCheck(NAME, options.mode, 'dir'));
  if (options.owner !== undefined) checks.push(ownerCheck(NAME, options.owner, result));
  const call = { matcher: NAME, args: expected === undefined ? [path] : [path, expected] };
  const wanted = describeWanted(`a directory at ${clean}`, checks);
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const found = lookup(result, clean, true);
  if (!found.found) return conclude(this, call, result, { holds: false, expected: wanted, ...describeMissing(result, found) });
  const via = viaLines(found.via);
  if (found.entry && found.entry.type !== 'dir') {
    return conclude(this, call, result, { holds: false, expected: wanted, received: `not a directory: ${formatTreeLine(found.entry)}`, details: via });
  }
  const meta = found.entry ?? rootMeta(result);
  if (!meta) {
    const details = [...via, 'the root directory\'s mode and owner are not in the result (pass the object emulate() returned)'];
    return conclude(this, call, result, { holds: checks.length === 0 ? true : undefined, expected: wanted, received: 'the root directory /', details });
  }
  const { holds, details } = runChecks(checks, meta);
  const line = found.entry ? formatTreeLine(found.entry) : formatTreeLine({ ...meta, path: '/', size: 0 }).slice(0, -1);
  return conclude(this, call, result, { holds, expected: wanted, received: line, details: [...via, ...details] });
}

/** The tree does not list `/`; its mode and owner come from the image's files. */
function rootMeta(result: BuildResult): Meta | undefined {
  const stat = viewOf(result)?.statSync('/');
  return stat ? { type: 'dir', mode: Number(stat.mode) & 0o7777, uid: Number(stat.uid), gid: Number(stat.gid) } : undefined;
}
