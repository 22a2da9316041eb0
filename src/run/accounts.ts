import type { FileNode, FsTree } from '../fs/tree.js';
import { readBytes, type Vfs } from './vfs.js';

export type AccountFile = 'passwd' | 'group' | 'shadow' | 'gshadow';

/** Fields per line; busybox's own parser skips a line with any other count. */
const FIELDS: Record<AccountFile, number> = { passwd: 7, group: 4, shadow: 9, gshadow: 4 };

/** The lines of /etc/<file> in the tree (through symlinks), or undefined when it is missing. */
export function readLines(tree: FsTree, file: AccountFile): string[] | undefined {
  const { node } = tree.lookup(`/etc/${file}`);
  if (node?.type !== 'file') return undefined;
  const text = readBytes(node).toString('latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function records(tree: FsTree, file: AccountFile): string[][] {
  return (readLines(tree, file) ?? [])
    .map((line) => line.split(':'))
    .filter((f) => f.length === FIELDS[file] && (file === 'shadow' || file === 'gshadow' || /^\d+$/.test(f[2]!)));
}

/** The first entry named `name` (getpwnam / getgrnam). */
export function lookupAccount(tree: FsTree, file: 'passwd' | 'group', name: string): string[] | undefined {
  return records(tree, file).find((f) => f[0] === name);
}

/** The first entry with id `id` (getpwuid / getgrgid). */
export function lookupId(tree: FsTree, file: 'passwd' | 'group', id: number): string[] | undefined {
  return records(tree, file).find((f) => Number(f[2]) === id);
}

/**
 * busybox's update_passwd(): rewrites /etc/<file> through `/etc/<file>+` renamed over it (mode
 * and owner of the old file kept), after making `/etc/<file>-` a hard link to the old file. Lines
 * named `name` are replaced by `name:value`; a group line gets `member` appended instead; with
 * no matching line, `name:value` is appended. Returns the number of lines changed, or -1 when
 * the file is missing.
 */
export function updatePasswd(fs: Vfs, file: AccountFile, name: string, value: string | undefined, member?: string): number {
  const path = `/etc/${file}`;
  const real = fs.tree.resolve(path, true);
  const old = fs.tree.get(real);
  if (old?.type !== 'file') return -1;
  const out: string[] = [];
  let changed = 0;
  for (const line of readLines(fs.tree, file) ?? []) {
    if (!line.startsWith(`${name}:`)) out.push(line);
    else if (member !== undefined) {
      out.push(line + (line.endsWith(':') ? '' : ',') + member);
      changed++;
    }
    // else: adduser/addgroup only reach here for a name they checked is unused.
  }
  if (changed === 0 && member === undefined && value !== undefined) {
    out.push(`${name}:${value}`);
    changed++;
  }
  replaceFile(fs, real, old, Buffer.from(out.map((l) => l + '\n').join(''), 'latin1'));
  return changed;
}

function replaceFile(fs: Vfs, real: string, old: FileNode, bytes: Buffer): void {
  fs.remove(`${real}-`);
  fs.tree.set(`${real}-`, old);
  const created = fs.createFile(`${real}+`, 0o600, bytes);
  fs.remove(`${real}+`);
  fs.tree.set(real, { ...created, mode: old.mode & 0o777, uid: old.uid, gid: old.gid, linkGroup: undefined });
}
