import type { BuildResult } from '../index.js';
import { configOf } from './config.js';
import { conclude, noImage, type MatcherResult, type Verdict } from './messages.js';
import { parseOwner, resolveOwner, type ParsedOwner, type Resolved } from './owners.js';
import { asBuildResult } from './received.js';

const NAME = 'toHaveUser';

/**
 * Passes when the final config's User is `user`: the same text, or the same uid (and gid, when
 * `user` names one) after looking names up in the image's /etc/passwd and /etc/group, as
 * `docker run` does. No USER means root (uid 0).
 */
export function toHaveUser(this: unknown, received: unknown, user: string | number): MatcherResult {
  const result = asBuildResult(received, NAME);
  const expected = parseOwner(NAME, user, 'the user');
  const call = { matcher: NAME, args: [user] };
  const wanted = `User ${JSON.stringify(String(user))}`;
  return conclude(this, call, result, noImage(result, wanted) ?? verdict(result, String(user), expected, wanted));
}

function verdict(result: BuildResult, user: string, expected: ParsedOwner, wanted: string): Verdict {
  const raw = configOf(result).User ?? '';
  const received = raw === '' ? 'no User (runs as root)' : `User ${JSON.stringify(raw)}`;
  if (raw === user) return { holds: true, expected: wanted, received };
  let actual: ParsedOwner;
  try {
    actual = parseOwner(NAME, raw === '' ? 0 : raw);
  } catch {
    return { holds: false, expected: wanted, received }; // not a user Docker could run as
  }
  const want = resolveOwner(result, expected);
  const have = resolveOwner(result, actual);
  if ('problem' in want || 'problem' in have) {
    const problems = [want, have].flatMap((r) => ('problem' in r ? [r] : []));
    // Unknown file content cannot tell; a name missing from a known /etc/passwd is a plain mismatch.
    return { holds: problems.some((p) => p.unknown) ? undefined : false, expected: wanted, received, details: problems.map((p) => p.problem) };
  }
  const holds = want.uid === have.uid && (want.gid === undefined || want.gid === have.gid);
  const named = [
    ...(hasName(actual) ? [`"${raw}" is ${ids(have)} in the image`] : []),
    ...(hasName(expected) ? [`"${user}" is ${ids(want)} in the image`] : []),
  ];
  return { holds, expected: wanted, received, details: named };
}

const hasName = (owner: ParsedOwner): boolean => typeof owner.user === 'string' || typeof owner.group === 'string';

function ids(resolved: Extract<Resolved, { uid: number }>): string {
  return resolved.gid === undefined ? `uid ${resolved.uid}` : `uid ${resolved.uid}, gid ${resolved.gid}`;
}
