import type { EntryType, TreeEntry } from '../model/image.js';

const TYPE_CHAR: Record<EntryType, string> = { dir: 'd', file: '-', symlink: 'l', hardlink: 'h' };

/**
 * `ls -l`'s mode string: a type letter (`d`, `-`, `l`, and `h` for a hard link as `tar tv`
 * writes it), then rwx for user, group and others, where setuid/setgid show as `s` over an
 * execute bit and `S` without one, and sticky as `t`/`T`.
 */
export function formatMode(mode: number, type: EntryType): string {
  const bits = (shift: number, special: number, letter: string): string => {
    const x = (mode >> shift) & 1;
    const exec = mode & special ? (x ? letter : letter.toUpperCase()) : x ? 'x' : '-';
    return ((mode >> (shift + 2)) & 1 ? 'r' : '-') + ((mode >> (shift + 1)) & 1 ? 'w' : '-') + exec;
  };
  return TYPE_CHAR[type] + bits(6, 0o4000, 's') + bits(3, 0o2000, 's') + bits(0, 0o1000, 't');
}

/**
 * One entry as a line, `ls -l`-like: mode, uid:gid, the size of a regular file, the path; a
 * directory's path ends in `/`, a symlink's is followed by `-> target` and a hard link's by
 * `=> path of the file it links to`:
 *
 *     drwxr-xr-x 0:0 /app/
 *     -rw-r--r-- 1000:1000 12 /app/a.txt
 *     lrwxrwxrwx 0:0 /bin/sh -> busybox
 *     hrw-r--r-- 0:0 /app/b.txt => /app/a.txt
 */
export function formatTreeLine(e: TreeEntry, options: { readonly hash?: boolean } = {}): string {
  const head = `${formatMode(e.mode, e.type)} ${e.uid}:${e.gid}`;
  switch (e.type) {
    case 'dir':
      return `${head} ${e.path}/`;
    case 'file':
      // A 12-digit sha256 prefix tells contents apart in goldens without 64-digit noise.
      return options.hash ? `${head} ${e.size} sha256:${e.sha256?.slice(0, 12) ?? 'unknown'} ${e.path}` : `${head} ${e.size} ${e.path}`;
    case 'symlink':
      return `${head} ${e.path} -> ${e.linkTarget}`;
    case 'hardlink':
      return `${head} ${e.path} => ${e.linkTarget}`;
  }
}
