import type { BuildResult } from '../index.js';
import { viewOf } from './paths.js';
import { argumentError } from './received.js';

/** An owner as `uid:gid`, `uid`, `user:group` names (or a mix), or a bare uid number. */
export type OwnerSpec = string | number;

/** One side of an owner: a number, or a name still to look up in the image. */
type Id = number | string;

/** An owner option split into user and group, each still a number or a name. */
export interface ParsedOwner {
  readonly user: Id;
  readonly group: Id | undefined;
}

/** Splits an owner option; misuse throws. */
export function parseOwner(matcher: string, spec: unknown, what = 'owner'): ParsedOwner {
  if (typeof spec === 'number' && Number.isInteger(spec) && spec >= 0) return { user: spec, group: undefined };
  const parts = typeof spec === 'string' ? spec.split(':') : [];
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) {
    throw argumentError(matcher, `${what} must be "uid:gid", "uid", "user:group" or "user", received ${JSON.stringify(spec)}`);
  }
  const id = (p: string): Id => (/^\d+$/.test(p) ? Number(p) : p);
  return { user: id(parts[0]!), group: parts[1] !== undefined ? id(parts[1]) : undefined };
}

/** Numeric ids, or why a name could not be turned into one. */
export type Resolved = { readonly uid: number; readonly gid: number | undefined } | { readonly problem: string; readonly unknown: boolean };

/** The image's /etc/passwd and /etc/group, as `USER` and `--chown` read them. */
interface Accounts {
  readonly users: ReadonlyMap<string, number> | string;
  readonly groups: ReadonlyMap<string, number> | string;
  /** True when a file is there but its content is not known (partial prediction). */
  readonly unknownFiles: ReadonlySet<string>;
}

const cache = new WeakMap<BuildResult, Accounts>();

function accountsOf(result: BuildResult): Accounts {
  let accounts = cache.get(result);
  if (!accounts) {
    const unknownFiles = new Set<string>();
    const table = (path: string, idField: number): ReadonlyMap<string, number> | string => {
      const fs = viewOf(result);
      if (!fs) return `this result has no files (pass the object emulate() returned, not a copy)`;
      let text: string;
      try {
        text = fs.readFileSync(path, 'utf8') as string;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EIO') {
          unknownFiles.add(path);
          return `the content of the image's ${path} is not known`;
        }
        // A base image without a fixture has files the prediction does not list.
        if (result.partial) {
          unknownFiles.add(path);
          return `${path} is not in the predicted image, whose base files may be unknown`;
        }
        return `the image has no ${path}`;
      }
      const map = new Map<string, number>();
      for (const line of text.split('\n')) {
        const fields = line.split(':');
        const id = fields[idField];
        if (fields[0] && id !== undefined && /^\d+$/.test(id) && !map.has(fields[0])) map.set(fields[0], Number(id));
      }
      return map;
    };
    accounts = { users: table('/etc/passwd', 2), groups: table('/etc/group', 2), unknownFiles };
    cache.set(result, accounts);
  }
  return accounts;
}

function resolveId(accounts: Accounts, id: Id, kind: 'user' | 'group'): number | { problem: string; unknown: boolean } {
  if (typeof id === 'number') return id;
  const table = kind === 'user' ? accounts.users : accounts.groups;
  const file = kind === 'user' ? '/etc/passwd' : '/etc/group';
  if (typeof table === 'string') return { problem: `cannot look up ${kind} "${id}": ${table}`, unknown: accounts.unknownFiles.has(file) };
  const found = table.get(id);
  return found ?? { problem: `the image's ${file} has no ${kind} "${id}"`, unknown: false };
}

/** Names resolved through the image's own files, as Docker resolves `USER` and `--chown`. */
export function resolveOwner(result: BuildResult, owner: ParsedOwner): Resolved {
  const accounts = accountsOf(result);
  const uid = resolveId(accounts, owner.user, 'user');
  if (typeof uid !== 'number') return uid;
  if (owner.group === undefined) return { uid, gid: undefined };
  const gid = resolveId(accounts, owner.group, 'group');
  if (typeof gid !== 'number') return gid;
  return { uid, gid };
}

/** `1000:1000 (node:node)` when the image names them, else `1000:1000`. */
export function describeIds(result: BuildResult, uid: number, gid: number | undefined): string {
  const accounts = accountsOf(result);
  const nameOf = (table: ReadonlyMap<string, number> | string, id: number): string | undefined =>
    typeof table === 'string' ? undefined : [...table].find(([, v]) => v === id)?.[0];
  const ids = gid === undefined ? `${uid}` : `${uid}:${gid}`;
  const user = nameOf(accounts.users, uid);
  const group = gid === undefined ? undefined : nameOf(accounts.groups, gid);
  if (user === undefined && group === undefined) return ids;
  const names = gid === undefined ? user : `${user ?? uid}:${group ?? gid}`;
  return `${ids} (${names})`;
}

/** The owner option as the user wrote it, with the numbers it stands for when names were used. */
export function describeOwner(owner: ParsedOwner, resolved: Resolved): string {
  const written = owner.group === undefined ? `${owner.user}` : `${owner.user}:${owner.group}`;
  if ('problem' in resolved || (typeof owner.user === 'number' && typeof owner.group !== 'string')) return written;
  const ids = resolved.gid === undefined ? `${resolved.uid}` : `${resolved.uid}:${resolved.gid}`;
  return ids === written ? written : `${written} (${ids})`;
}
