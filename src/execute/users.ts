import type { FsTree } from '../fs/tree.js';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';

export interface Identity {
  readonly uid: number;
  readonly gid: number;
}

interface AccountLine {
  readonly name: string;
  readonly id: number;
  readonly gid: number;
}

/** Reads `/etc/passwd` or `/etc/group` of the stage itself (through symlinks, as a chroot would). */
function readAccounts(tree: FsTree, file: '/etc/passwd' | '/etc/group'): AccountLine[] {
  const { node } = tree.lookup(file);
  if (node?.type !== 'file' || node.unknown) return [];
  let text: string;
  try {
    text = node.content.bytes().toString('utf8');
  } catch {
    return [];
  }
  const accounts: AccountLine[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 3 || line.startsWith('#')) continue;
    const id = Number(fields[2]);
    const gid = file === '/etc/passwd' ? Number(fields[3]) : id;
    if (Number.isInteger(id)) accounts.push({ name: fields[0]!, id, gid: Number.isInteger(gid) ? gid : 0 });
  }
  return accounts;
}

const isNumeric = (s: string): boolean => /^\d+$/.test(s);

/**
 * True when a `user[:group]` value names an account that must be looked up in a file the stage
 * does not have: in a stage whose files are partly unknown, the owner is then unknown too.
 */
export function ownerNeedsMissingAccounts(spec: string, tree: FsTree): boolean {
  const [user = '', group] = spec.split(':');
  const missing = (name: string | undefined, file: '/etc/passwd' | '/etc/group'): boolean =>
    name !== undefined && name !== '' && name !== 'root' && !isNumeric(name) && tree.lookup(file).node?.type !== 'file';
  return missing(user, '/etc/passwd') || missing(group, '/etc/group');
}

/**
 * The owner a `--chown` value (or BuildKit's USER for WORKDIR) gives, resolved in the stage's own
 * /etc/passwd and /etc/group. BuildKit: a name it cannot find silently becomes 0, a user alone
 * takes its primary group; classic: a user alone means the group of the same name, and an
 * unknown name fails the build.
 */
export function resolveOwner(spec: string, tree: FsTree, builder: BuilderMode, noFilesystem = false): Identity {
  const parts = spec.split(':');
  if (builder === 'classic' && parts.length > 2) {
    throw new DockerfileError('invalid-chown', 'invalid chown string format: ' + spec);
  }
  const user = parts[0]!;
  const group = parts.length > 1 ? parts.slice(1).join(':') : undefined;
  if (builder === 'buildkit') {
    // A name (user or group) on a scratch stage no step has written to yet has no filesystem to
    // be looked up in and fails; otherwise a missing file or an unknown name gives 0.
    const isName = (s: string | undefined): boolean => s !== undefined && s !== '' && s !== 'root' && !isNumeric(s);
    if ((isName(user) || isName(group)) && noFilesystem) {
      throw new DockerfileError('invalid-chown', 'invalid user index: -1');
    }
    let uid = 0;
    let gid = 0;
    if (user === 'root') [uid, gid] = [0, 0];
    else if (isNumeric(user)) [uid, gid] = [Number(user), Number(user)];
    else {
      const found = readAccounts(tree, '/etc/passwd').find((a) => a.name === user);
      if (found) [uid, gid] = [found.id, found.gid];
    }
    if (group !== undefined && group !== '') {
      if (group === 'root') gid = 0;
      else if (isNumeric(group)) gid = Number(group);
      else {
        const found = readAccounts(tree, '/etc/group').find((a) => a.name === group);
        if (found) gid = found.id;
      }
    } else if (group === '') gid = 0;
    return { uid, gid };
  }
  const groupName = group ?? user;
  const uid = lookupId(user, tree, '/etc/passwd', 'uid', 'user');
  const gid = lookupId(groupName, tree, '/etc/group', 'gid', 'group');
  return { uid, gid };
}

function lookupId(name: string, tree: FsTree, file: '/etc/passwd' | '/etc/group', what: string, kind: string): number {
  if (isNumeric(name)) return Number(name);
  if (tree.lookup(file).node?.type !== 'file') {
    throw new DockerfileError(
      'invalid-chown',
      `unable to convert uid/gid chown string to host mapping: can't find ${what} for ${kind} ${name}: open <rootfs>${file}: no such file or directory`,
    );
  }
  const found = readAccounts(tree, file).find((a) => a.name === name);
  if (found) return found.id;
  throw new DockerfileError(
    'invalid-chown',
    `unable to convert uid/gid chown string to host mapping: can't find ${what} for ${kind} ${name}: no such ${kind}: ${name}`,
  );
}
