import type { FsTree } from '../../fs/tree.js';
import { lookupAccount, lookupId } from '../accounts.js';
import { complain, type Invocation } from './types.js';

const isNumber = (text: string): boolean => /^\d+$/.test(text) && Number(text) <= 0xffffffff;

/** get_ug_id(): a number as is, else a name looked up in the tree's /etc/passwd or /etc/group (busybox's message when unknown). */
export function resolveId(inv: Invocation, tree: FsTree, file: 'passwd' | 'group', text: string): number | undefined {
  if (isNumber(text)) return Number(text);
  const entry = lookupAccount(tree, file, text);
  if (entry) return Number(entry[2]);
  complain(inv, `unknown ${file === 'passwd' ? 'user' : 'group'} ${text}`);
  return undefined;
}

/**
 * parse_chown_usergroup_or_die(): `user`, `:group`, `user:` (the user's login group),
 * `user:group`, with `.` accepted for `:`; undefined ids are left as they are. Undefined after
 * busybox's message when a name is unknown.
 */
export function parseOwner(inv: Invocation, tree: FsTree, spec: string): { uid?: number; gid?: number } | undefined {
  const sep = spec.includes('.') ? spec.indexOf('.') : spec.indexOf(':');
  if (sep < 0) {
    const uid = resolveId(inv, tree, 'passwd', spec);
    return uid === undefined ? undefined : { uid };
  }
  const user = spec.slice(0, sep);
  const group = spec.slice(sep + 1);
  if (sep === 0) {
    const gid = resolveId(inv, tree, 'group', group);
    return gid === undefined ? undefined : { gid };
  }
  // get_uidgid(): both resolved together, one message naming the whole spec.
  const fail = (): undefined => {
    complain(inv, `unknown user/group ${group === '' ? user : `${user}:${group}`}`);
    return undefined;
  };
  let uid: number;
  let gid: number;
  if (isNumber(user)) {
    uid = Number(user);
    const entry = lookupId(tree, 'passwd', uid);
    gid = entry ? Number(entry[3]) : uid;
  } else {
    const entry = lookupAccount(tree, 'passwd', user);
    if (!entry) return fail();
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (group !== '') {
    if (isNumber(group)) gid = Number(group);
    else {
      const entry = lookupAccount(tree, 'group', group);
      if (!entry) return fail();
      gid = Number(entry[2]);
    }
  }
  return { uid, gid };
}
