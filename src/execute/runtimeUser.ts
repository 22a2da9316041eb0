import type { FsTree } from '../fs/tree.js';
import type { BuilderMode } from '../model/builder.js';
import type { Identity } from './users.js';

/** A file the runtime opened: its lines split into fields, or `unreadable` (see runtimeUser). */
type AccountFile = string[][] | 'unreadable';

const isNumber = (s: string): boolean => /^\d+$/.test(s);

/**
 * Who a RUN runs as: `USER` resolved as moby/sys/user's GetExecUser does over the stage's
 * /etc/passwd and /etc/group (an unknown uid gets gid 0; a matched user name brings the group
 * file in for its supplementary groups). BuildKit takes a fast path only for a numeric
 * `uid:gid`, and hands over a file it could not open as one that cannot be read ("invalid
 * argument"); the classic builder reads a missing file as empty.
 */
export function runtimeUser(user: string | undefined, tree: FsTree, builder: BuilderMode): Identity | { error: string } {
  if (!user) return { uid: 0, gid: 0 };
  const [name = '', group = ''] = user.split(':');
  const id = (s: string): number | undefined => (s === 'root' ? 0 : isNumber(s) ? Number(s) : undefined);
  if (builder === 'buildkit' && user.includes(':') && id(name) !== undefined && id(group) !== undefined) {
    return { uid: id(name)!, gid: id(group)! };
  }
  const passwd = accountFile(tree, '/etc/passwd', builder);
  if (passwd === 'unreadable') return { error: `unable to find user ${name || '0'}: invalid argument` };
  const entry = passwd.find((f) => (name === '' ? f[2] === '0' : isNumber(name) ? Number(f[2]) === Number(name) : f[0] === name));
  let uid = 0;
  let gid = 0;
  if (entry) {
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  } else if (name !== '') {
    if (!isNumber(name)) return { error: `unable to find user ${name}: no matching entries in passwd file` };
    uid = Number(name);
  }
  if (group === '' && !entry) return { uid, gid };
  const groups = accountFile(tree, '/etc/group', builder);
  if (groups === 'unreadable') return { error: `unable to find groups for spec ${entry?.[0] ?? ''}: invalid argument` };
  if (group === '') return { uid, gid };
  const found = groups.find((f) => (isNumber(group) ? Number(f[2]) === Number(group) : f[0] === group));
  if (found) return { uid, gid: Number(found[2]) };
  if (!isNumber(group)) return { error: `unable to find group ${group}: no matching entries in group file` };
  return { uid, gid: Number(group) };
}

function accountFile(tree: FsTree, file: string, builder: BuilderMode): AccountFile {
  const { node } = tree.lookup(file);
  if (node?.type !== 'file') return builder === 'buildkit' ? 'unreadable' : [];
  try {
    return node.content.bytes().toString('utf8').split('\n').map((l) => l.split(':'));
  } catch {
    return [];
  }
}
