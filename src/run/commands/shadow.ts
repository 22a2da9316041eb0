import { lookupAccount, readLines, type AccountFile } from '../accounts.js';
import { Unsupported } from '../errors.js';
import { getopt } from '../options.js';
import { readBytes } from '../vfs.js';
import { copyFile } from './fileutils.js';
import { complain, type CommandImpl, type Invocation } from './types.js';

/** `/etc/login.defs` settings with shadow-utils' defaults. */
function loginDefs(inv: Invocation): (key: string, fallback: string) => string {
  const lines = fileText(inv, '/etc/login.defs')?.split('\n') ?? [];
  const values = new Map<string, string>();
  for (const line of lines) {
    const m = /^\s*([A-Z_]+)\s+(\S+)/.exec(line);
    if (m) values.set(m[1]!, m[2]!);
  }
  return (key, fallback) => values.get(key) ?? fallback;
}

function fileText(inv: Invocation, path: string): string | undefined {
  const node = inv.shell.fs.tree.lookup(path).node;
  return node?.type === 'file' ? readBytes(node).toString('utf8') : undefined;
}

/** The ids in use in /etc/passwd or /etc/group. */
function usedIds(inv: Invocation, file: 'passwd' | 'group'): Set<number> {
  return new Set((readLines(inv.shell.fs.tree, file) ?? []).map((l) => Number(l.split(':')[2])).filter(Number.isInteger));
}

/**
 * shadow-utils' find_new_uid/gid: a preferred id if free; system ids from the top of their range
 * down; others one past the highest in use in the range (the lowest free one when that is full).
 */
function newId(used: Set<number>, min: number, max: number, system: boolean, preferred?: number): number | undefined {
  if (preferred !== undefined && preferred >= min && preferred <= max && !used.has(preferred)) return preferred;
  if (system) {
    for (let id = max; id >= min; id--) if (!used.has(id)) return id;
    return undefined;
  }
  let highest = min - 1;
  for (const id of used) if (id >= min && id <= max && id > highest) highest = id;
  if (highest < max) return highest + 1;
  for (let id = min; id <= max; id++) if (!used.has(id)) return id;
  return undefined;
}

/**
 * shadow-utils' commonio writes: `/etc/<file>-` a copy of the old file, the new content renamed
 * into place with the old mode and owner, and `/etc/.pwd.lock` left behind by lckpwdf().
 */
function rewrite(inv: Invocation, file: AccountFile, lines: string[]): void {
  const fs = inv.shell.fs;
  const real = fs.tree.resolve(`/etc/${file}`, true);
  const old = fs.tree.get(real);
  if (old?.type !== 'file') return;
  const meta = { mode: old.mode & 0o7777, uid: old.uid, gid: old.gid };
  fs.createFile(`${real}-`, 0o600, readBytes(old));
  fs.setMeta(`${real}-`, meta);
  fs.createFile(real, 0o600, Buffer.from(lines.map((l) => l + '\n').join('')));
  fs.setMeta(real, meta);
  if (!fs.tree.get('/etc/.pwd.lock')) fs.createFile('/etc/.pwd.lock', 0o600, Buffer.alloc(0), 0);
}

const append = (inv: Invocation, file: AccountFile, line: string): void => {
  const lines = readLines(inv.shell.fs.tree, file);
  if (lines) rewrite(inv, file, [...lines, line]);
};

/** Adds `user` to each group's member list (the 4th field) in /etc/group and /etc/gshadow. */
function addToGroups(inv: Invocation, user: string, groups: string[]): void {
  for (const file of ['group', 'gshadow'] as const) {
    const lines = readLines(inv.shell.fs.tree, file);
    if (!lines) continue;
    rewrite(
      inv,
      file,
      lines.map((line) => {
        const fields = line.split(':');
        if (!groups.includes(fields[0]!) || fields.length < 4) return line;
        const members = fields[3] === '' ? [] : fields[3]!.split(',');
        if (!members.includes(user)) members.push(user);
        return [...fields.slice(0, 3), members.join(','), ...fields.slice(4)].join(':');
      }),
    );
  }
}

const today = (): number => Math.floor(Date.now() / 86_400_000);

/** Zeroes the user's record in lastlog/faillog (extending the sparse file), as useradd does unless -l. */
function resetLog(inv: Invocation, path: string, recordSize: number, id: number): void {
  const fs = inv.shell.fs;
  const { node, path: real } = fs.tree.lookup(path);
  if (node?.type !== 'file') return;
  const bytes = readBytes(node);
  const end = (id + 1) * recordSize;
  const next = Buffer.alloc(Math.max(bytes.length, end));
  bytes.copy(next);
  next.fill(0, id * recordSize, end);
  fs.writeContent(real, next, false);
}

/**
 * shadow-utils useradd [-m|-M] [-r] [-u UID [-o]] [-g GROUP] [-G G1,G2] [-s SHELL] [-d HOME]
 * [-c COMMENT] [-N|-U] [-l] [-k SKEL] NAME, with the defaults of /etc/login.defs and
 * /etc/default/useradd in the tree (Debian's when they are missing).
 */
export const useradd: CommandImpl = (inv) => {
  if (inv.shell.proc.uid !== 0) throw new Unsupported('', 'useradd as a non-root user');
  const { flags, operands } = getopt(inv.argv, 'mMru:og:G:s:d:c:NUlk:', {
    'create-home': 'm', 'no-create-home': 'M', system: 'r', uid: 'u', 'non-unique': 'o', gid: 'g', groups: 'G', shell: 's',
    'home-dir': 'd', comment: 'c', 'no-user-group': 'N', 'user-group': 'U', 'no-log-init': 'l', skel: 'k',
  });
  if (operands.length !== 1) throw new Unsupported('', 'useradd without exactly one user name');
  const name = operands[0]!;
  const tree = inv.shell.fs.tree;
  const defs = loginDefs(inv);
  const defaults = new Map((fileText(inv, '/etc/default/useradd') ?? '').split('\n').flatMap((l) => {
    const m = /^([A-Z_]+)=(.*)$/.exec(l.trim());
    return m ? [[m[1]!, m[2]!] as const] : [];
  }));
  if ((defaults.get('CREATE_MAIL_SPOOL') ?? 'no').toLowerCase() === 'yes') throw new Unsupported('', 'useradd with CREATE_MAIL_SPOOL=yes');
  if (lookupAccount(tree, 'passwd', name)) {
    complain(inv, `user '${name}' already exists`);
    return 9;
  }
  const system = flags.has('r');
  const userGroup = flags.has('U') || (!flags.has('N') && !flags.has('g') && defs('USERGROUPS_ENAB', 'yes') === 'yes');
  if (userGroup && lookupAccount(tree, 'group', name)) {
    complain(inv, `group ${name} exists - if you want to add this user to that group, use -g.`);
    return 9;
  }
  let gid: number | undefined;
  if (flags.has('g')) {
    const spec = flags.get('g')!;
    const entry = /^\d+$/.test(spec) ? (readLines(tree, 'group') ?? []).map((l) => l.split(':')).find((f) => f[2] === spec) : lookupAccount(tree, 'group', spec);
    if (!entry) {
      complain(inv, `group '${spec}' does not exist`);
      return 6;
    }
    gid = Number(entry[2]);
  }
  const extraGroups = flags.has('G') ? flags.get('G')!.split(',') : [];
  for (const group of extraGroups) {
    if (!lookupAccount(tree, 'group', group)) {
      complain(inv, `group '${group}' does not exist`);
      return 6;
    }
  }
  const range = (prefix: 'UID' | 'GID'): [number, number] =>
    system ? [Number(defs(`SYS_${prefix}_MIN`, '100')), Number(defs(`SYS_${prefix}_MAX`, '999'))] : [Number(defs(`${prefix}_MIN`, '1000')), Number(defs(`${prefix}_MAX`, '60000'))];
  let uid: number;
  const usedUids = usedIds(inv, 'passwd');
  if (flags.has('u')) {
    uid = Number(flags.get('u'));
    if (!/^\d+$/.test(flags.get('u')!)) throw new Unsupported('', `useradd -u ${flags.get('u')}`);
    if (usedUids.has(uid) && !flags.has('o')) {
      complain(inv, `UID ${uid} is not unique`);
      return 4;
    }
  } else {
    const found = newId(usedUids, ...range('UID'), system);
    if (found === undefined) throw new Unsupported('', 'useradd with no free uid');
    uid = found;
  }
  if (userGroup) {
    const found = newId(usedIds(inv, 'group'), ...range('GID'), system, uid);
    if (found === undefined) throw new Unsupported('', 'useradd with no free gid');
    gid = found;
  }
  gid ??= Number(defaults.get('GROUP') ?? '100');
  const home = flags.get('d') ?? `${defaults.get('HOME') ?? '/home'}/${name}`;
  const shell = flags.get('s') ?? defaults.get('SHELL') ?? '/bin/sh';
  append(inv, 'passwd', `${name}:x:${uid}:${gid}:${flags.get('c') ?? ''}:${home}:${shell}`);
  const days = today();
  append(inv, 'shadow', `${name}:!:${days}:${defs('PASS_MIN_DAYS', '0')}:${defs('PASS_MAX_DAYS', '99999')}:${defs('PASS_WARN_AGE', '7')}:::`);
  if (userGroup) {
    append(inv, 'group', `${name}:x:${gid}:`);
    append(inv, 'gshadow', `${name}:!::`);
  }
  if (extraGroups.length > 0) addToGroups(inv, name, extraGroups);
  if (!system) {
    addSubordinate(inv, 'subuid', name, defs);
    addSubordinate(inv, 'subgid', name, defs);
  }
  if (!flags.has('l')) {
    resetLog(inv, '/var/log/lastlog', 292, uid);
    resetLog(inv, '/var/log/faillog', 32, uid);
  }
  const createHome = flags.has('m') || (!flags.has('M') && !system && defs('CREATE_HOME', 'no') === 'yes');
  if (createHome) makeHome(inv, home, uid, gid, flags.get('k') ?? defaults.get('SKEL') ?? '/etc/skel', defs);
  return 0;
};

/** /etc/subuid or /etc/subgid (when present): the lowest free block of SUB_*_COUNT ids from SUB_*_MIN. */
function addSubordinate(inv: Invocation, file: 'subuid' | 'subgid', name: string, defs: (key: string, fallback: string) => string): void {
  const fs = inv.shell.fs;
  const { node } = fs.tree.lookup(`/etc/${file}`);
  if (node?.type !== 'file') return;
  const key = file === 'subuid' ? 'UID' : 'GID';
  const count = Number(defs(`SUB_${key}_COUNT`, '65536'));
  if (count === 0) return;
  const lines = readBytes(node).toString('utf8').split('\n').filter((l) => l !== '');
  const taken = lines.map((l) => l.split(':')).map((f) => [Number(f[1]), Number(f[1]) + Number(f[2])] as const);
  let start = Number(defs(`SUB_${key}_MIN`, '100000'));
  for (const [from, to] of [...taken].sort((a, b) => a[0] - b[0])) if (start + count > from && start < to) start = to;
  const real = fs.tree.resolve(`/etc/${file}`, true);
  const meta = { mode: node.mode & 0o7777, uid: node.uid, gid: node.gid };
  fs.createFile(`${real}-`, 0o600, readBytes(node));
  fs.setMeta(`${real}-`, meta);
  fs.createFile(real, 0o600, Buffer.from([...lines, `${name}:${start}:${count}`].map((l) => l + '\n').join('')));
  fs.setMeta(real, meta);
}

function makeHome(inv: Invocation, home: string, uid: number, gid: number, skel: string, defs: (key: string, fallback: string) => string): void {
  const fs = inv.shell.fs;
  const where = fs.locate(home, true);
  if (where.node !== undefined || where.parentError) return;
  const homeMode = defs('HOME_MODE', '');
  const mode = homeMode !== '' ? parseInt(homeMode, 8) : 0o777 & ~parseInt(defs('UMASK', '022'), 8);
  fs.mkdir(where.real, mode, 0);
  fs.setMeta(where.real, { uid, gid, mode });
  if (fs.locate(skel, true).node?.type !== 'dir') return;
  copyFile(fs, skel, home, { recursive: true, deref: false, derefTop: false, preserve: true, force: false, noClobber: false, umask: 0 }, () => undefined);
  const real = where.real;
  for (const [path] of [...fs.tree.walk(real)]) fs.setMeta(path, { uid, gid });
  fs.setMeta(real, { uid, gid, mode });
}

/** shadow-utils groupadd [-r] [-g GID [-o]] [-f] NAME */
export const groupadd: CommandImpl = (inv) => {
  if (inv.shell.proc.uid !== 0) throw new Unsupported('', 'groupadd as a non-root user');
  const { flags, operands } = getopt(inv.argv, 'rg:of', { system: 'r', gid: 'g', 'non-unique': 'o', force: 'f' });
  if (operands.length !== 1) throw new Unsupported('', 'groupadd without exactly one group name');
  const name = operands[0]!;
  const tree = inv.shell.fs.tree;
  if (lookupAccount(tree, 'group', name)) {
    if (flags.has('f')) return 0;
    complain(inv, `group '${name}' already exists`);
    return 9;
  }
  const defs = loginDefs(inv);
  const used = usedIds(inv, 'group');
  let gid: number | undefined;
  if (flags.has('g')) {
    gid = Number(flags.get('g'));
    if (used.has(gid) && !flags.has('o')) {
      if (!flags.has('f')) {
        complain(inv, `GID '${gid}' already exists`);
        return 4;
      }
      gid = undefined;
    }
  }
  const system = flags.has('r');
  gid ??= newId(used, Number(defs(system ? 'SYS_GID_MIN' : 'GID_MIN', system ? '100' : '1000')), Number(defs(system ? 'SYS_GID_MAX' : 'GID_MAX', system ? '999' : '60000')), system);
  if (gid === undefined) throw new Unsupported('', 'groupadd with no free gid');
  append(inv, 'group', `${name}:x:${gid}:`);
  append(inv, 'gshadow', `${name}:!::`);
  return 0;
};
