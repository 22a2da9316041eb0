import type { BuildResult, EntryType } from '../index.js';
import { describeMode, parseMode } from './modes.js';
import { describeIds, describeOwner, parseOwner, resolveOwner, type ParsedOwner } from './owners.js';

/** The metadata a mode or owner option is checked against. */
export interface Meta {
  readonly type: EntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** One part of an expectation on a path: how it reads, and whether the entry meets it. */
export interface Check {
  /** For `Expected:`, e.g. `mode 0o644 (-rw-r--r--)`. */
  readonly wanted: string;
  readonly test: (meta: Meta) => Outcome;
}

/** `ok: undefined` when the prediction cannot tell; `detail` says what was found. */
export interface Outcome {
  readonly ok: boolean | undefined;
  readonly detail?: string;
}

/** The `mode` option: permission bits, setuid/setgid/sticky included. */
export function modeCheck(matcher: string, spec: unknown, type: 'file' | 'dir'): Check {
  const mode = parseMode(matcher, spec, type);
  return {
    wanted: `mode ${describeMode(mode, type)}`,
    test: (meta) => {
      const actual = meta.mode & 0o7777;
      return actual === mode ? { ok: true } : { ok: false, detail: `mode is ${describeMode(actual, meta.type)}` };
    },
  };
}

/** The `owner` option: uid, and gid when given, names looked up in the image once. */
export function ownerCheck(matcher: string, spec: unknown, result: BuildResult): Check {
  const owner: ParsedOwner = parseOwner(matcher, spec);
  const resolved = resolveOwner(result, owner);
  return {
    wanted: `owner ${describeOwner(owner, resolved)}`,
    test: (meta) => {
      if ('problem' in resolved) return { ok: undefined, detail: resolved.problem };
      const ok = meta.uid === resolved.uid && (resolved.gid === undefined || meta.gid === resolved.gid);
      return ok ? { ok } : { ok, detail: `owner is ${describeIds(result, meta.uid, meta.gid)}` };
    },
  };
}

/** `a file at /p with mode …, owner …` */
export function describeWanted(what: string, checks: readonly Check[]): string {
  return checks.length === 0 ? what : `${what} with ${checks.map((c) => c.wanted).join(', ')}`;
}

/** All checks together: false if any fails, unknown if none fails but one cannot tell. */
export function runChecks(checks: readonly Check[], meta: Meta): { holds: boolean | undefined; details: string[] } {
  const outcomes = checks.map((c) => c.test(meta));
  const holds = outcomes.some((o) => o.ok === false) ? false : outcomes.some((o) => o.ok === undefined) ? undefined : true;
  return { holds, details: outcomes.filter((o) => o.ok !== true && o.detail !== undefined).map((o) => o.detail!) };
}
