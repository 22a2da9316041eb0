import { lookupAccount, lookupId, updatePasswd } from '../accounts.js';
import { FsError, Unsupported } from '../errors.js';
import { getopt } from '../options.js';
import { copyFile } from './fileutils.js';
import { usage } from './files.js';
import { complain, type CommandImpl, type Invocation } from './types.js';

/** busybox's CONFIG_FIRST_SYSTEM_ID, CONFIG_LAST_SYSTEM_ID and CONFIG_LAST_ID defaults. */
const FIRST_SYSTEM_ID = 100;
const LAST_SYSTEM_ID = 999;
const LAST_ID = 60000;

/** A busybox error that ends the applet (bb_error_msg_and_die). */
class Die extends Error {}

function dying(impl: CommandImpl): CommandImpl {
  return (inv) => {
    try {
      return impl(inv);
    } catch (error) {
      if (!(error instanceof Die)) throw error;
      complain(inv, error.message);
      return 1;
    }
  };
}

/** die_if_bad_username(): letters, digits, `_`, then also `-` and `.`, and a final `$`. */
function checkName(name: string): void {
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (i > 0 && (ch === '-' || ch === '.' || (ch === '$' && i === name.length - 1))) continue;
    if (/[A-Za-z0-9_]/.test(ch)) continue;
    throw new Die(`illegal character with code ${Buffer.from(ch)[0]} at position ${i}`);
  }
  if (name.length >= 256) throw new Die('name is too long');
}

function idArg(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > LAST_ID) throw new Die(`invalid number '${text}'`);
  return Number(text);
}

function groupId(inv: Invocation, name: string): number {
  const entry = lookupAccount(inv.shell.fs.tree, 'group', name);
  if (!entry) throw new Die(`unknown group ${name}`);
  return Number(entry[2]);
}

/** addgroup's `addgroup USER GROUP`: appends USER to GROUP's members (in /etc/group and /etc/gshadow). */
function addMember(inv: Invocation, user: string, group: string): number {
  const tree = inv.shell.fs.tree;
  if (!lookupAccount(tree, 'passwd', user)) throw new Die(`unknown user ${user}`);
  const entry = lookupAccount(tree, 'group', group);
  if (!entry) throw new Die(`unknown group ${group}`);
  if (entry[3]!.split(',').includes(user)) return 0;
  if (updatePasswd(inv.shell.fs, 'group', group, undefined, user) < 0) return missing(inv, 'group');
  updatePasswd(inv.shell.fs, 'gshadow', group, undefined, user);
  return 0;
}

function missing(inv: Invocation, file: string): number {
  complain(inv, `can't open '/etc/${file}': No such file or directory`);
  return 1;
}

/** addgroup's new_group(): the first free gid from 1000 (100 with -S) unless one is given. */
function newGroup(inv: Invocation, name: string, gid: number | undefined, system: boolean): number {
  const tree = inv.shell.fs.tree;
  if (lookupAccount(tree, 'group', name)) throw new Die(`group '${name}' in use`);
  let id = gid ?? (system ? FIRST_SYSTEM_ID : LAST_SYSTEM_ID + 1);
  const max = system && gid === undefined ? LAST_SYSTEM_ID : LAST_ID;
  while (lookupId(tree, 'group', id)) {
    if (gid !== undefined) throw new Die(`gid '${id}' in use`);
    if (id === max) throw new Die('no gids left');
    id++;
  }
  if (updatePasswd(inv.shell.fs, 'group', name, `x:${id}:`) < 0) return missing(inv, 'group');
  updatePasswd(inv.shell.fs, 'gshadow', name, '!::');
  return 0;
}

/** busybox's check before adduser/addgroup do anything. */
function requireRoot(inv: Invocation): void {
  if (inv.shell.proc.uid !== 0) throw new Die('permission denied (are you root?)');
}

/** busybox addgroup [-g GID] [-S] GROUP | addgroup USER GROUP */
export const addgroup: CommandImpl = dying((inv) => {
  requireRoot(inv);
  const { flags, operands } = getopt(inv.argv, 'g:S', { gid: 'g', system: 'S' });
  if (operands.length < 1 || operands.length > 2) return usage(inv);
  if (operands.length === 2) {
    if (flags.has('g')) return usage(inv);
    return addMember(inv, operands[0]!, operands[1]!);
  }
  checkName(operands[0]!);
  const gid = flags.has('g') ? idArg(flags.get('g')!) : undefined;
  return newGroup(inv, operands[0]!, gid, flags.has('S'));
});

/**
 * busybox adduser [-D] [-S] [-H] [-h DIR] [-s SHELL] [-G GROUP] [-u UID] [-g GECOS] [-k SKEL]
 * USER [GROUP]: the first free uid from 1000 (100 with -S) that is no group's id either, a group
 * of the same name (or membership of -G's, `nogroup` for -S), a shadow line dated today, and a
 * home made 02755 and owned by the user, filled from /etc/skel.
 */
export const adduser: CommandImpl = dying((inv) => {
  requireRoot(inv);
  const { flags, operands } = getopt(inv.argv, 'h:g:s:G:DSHu:k:', {
    home: 'h', gecos: 'g', shell: 's', ingroup: 'G', 'disabled-password': 'D', 'empty-password': 'D', system: 'S', 'no-create-home': 'H', uid: 'u', skel: 'k',
  });
  if (operands.length < 1 || operands.length > 2) return usage(inv);
  const fs = inv.shell.fs;
  const tree = fs.tree;
  const name = operands[0]!;
  if (flags.size === 0 && operands.length === 2) return addMember(inv, name, operands[1]!);
  const system = flags.has('S');
  if (!flags.has('D') && !system) throw new Unsupported('', 'adduser without -D (it asks for a password)');
  const fixedUid = flags.has('u') ? idArg(flags.get('u')!) : undefined;
  checkName(name);
  const home = flags.get('h') ?? `/home/${name}`;
  const gecos = flags.get('g') ?? 'Linux User,,,';
  let shell = flags.get('s') ?? inv.env.get('SHELL') ?? (lookupId(tree, 'passwd', inv.shell.proc.uid)?.[6] || '/bin/sh');
  let group = flags.get('G');
  if (system) {
    group ??= 'nogroup';
    if (!flags.has('s')) shell = '/bin/false';
  }
  const fixedGid = group !== undefined ? groupId(inv, group) : undefined;
  if (lookupAccount(tree, 'passwd', name)) throw new Die(`user '${name}' in use`);
  let uid = fixedUid ?? (system ? FIRST_SYSTEM_ID : LAST_SYSTEM_ID + 1);
  const max = fixedUid === undefined && system ? LAST_SYSTEM_ID : LAST_ID;
  while (lookupId(tree, 'passwd', uid) || (fixedGid === undefined && lookupId(tree, 'group', uid))) {
    if (fixedUid !== undefined) throw new Die(`uid '${uid}' in use`);
    if (uid === max) throw new Die('no uids left');
    uid++;
  }
  const gid = fixedGid ?? uid;
  if (fixedGid === undefined && lookupAccount(tree, 'group', name)) throw new Die(`group '${name}' in use`);
  if (updatePasswd(fs, 'passwd', name, `x:${uid}:${gid}:${gecos}:${home}:${shell}`) < 0) return missing(inv, 'passwd');
  updatePasswd(fs, 'shadow', name, `!:${Math.floor(Date.now() / 86_400_000)}:0:99999:7:::`);
  // addgroup runs as a child; its failure does not fail adduser.
  const child = { ...inv, argv: ['addgroup'] };
  if (group !== undefined) dying(() => addMember(child, name, group!))(child);
  else dying(() => newGroup(child, name, gid, false))(child);
  if (!flags.has('H')) makeHome(inv, home, uid, gid, flags.get('k'));
  return 0;
});

function makeHome(inv: Invocation, home: string, uid: number, gid: number, skel: string | undefined): void {
  const fs = inv.shell.fs;
  let created = false;
  try {
    const where = fs.locate(home, false);
    if (where.node === undefined) {
      if (where.parentError) throw new FsError(where.parentError, home);
      fs.mkdir(where.real, 0o755, 0);
      created = true;
    }
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    complain(inv, `${home}: ${error.message}`);
    return;
  }
  const report = skel === undefined ? () => undefined : (m: string) => complain(inv, m);
  if (created) {
    const source = skel ?? '/etc/skel';
    if (fs.locate(source, true).node?.type === 'dir') {
      copyFile(fs, source, home, { recursive: true, deref: false, derefTop: false, preserve: false, force: false, noClobber: false, umask: 0 }, report);
    } else report(`can't stat '${source}': No such file or directory`);
    chownTree(inv, home, uid, gid);
  }
  const real = fs.locate(home, true).real;
  fs.chown(real, uid, gid, home);
  fs.chmod(real, 0o2755, home);
}

/** `chown -R uid:gid DIR` (links themselves, never followed; the kernel's set-id drop on files). */
function chownTree(inv: Invocation, path: string, uid: number, gid: number): void {
  const fs = inv.shell.fs;
  const real = fs.locate(path, false).real;
  for (const [entry] of [[real] as const, ...fs.tree.walk(real)]) fs.chown(entry, uid, gid, entry);
}
