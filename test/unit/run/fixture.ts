import { contentFromBuffer } from '../../../src/fs/content.js';
import { FsTree, type Node } from '../../../src/fs/tree.js';
import { runScript, type ScriptOutcome, type ShellContext } from '../../../src/run/runScript.js';

const dir = (mode: number, uid = 0, gid = 0): Node => ({ type: 'dir', mode, uid, gid, children: new Map(), owner: undefined });
const file = (text: string, mode = 0o644, uid = 0, gid = 0): Node => ({ type: 'file', mode, uid, gid, content: contentFromBuffer(text) });
const link = (target: string): Node => ({ type: 'symlink', mode: 0o777, uid: 0, gid: 0, target });

/** The account files of the dfsim/busybox test image. */
export const PASSWD = 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\napp:x:1000:1000::/home/app:/bin/sh\n';
export const GROUP = 'root:x:0:\ndaemon:x:1:\nstaff:x:50:\nnogroup:x:65534:\napp:x:1000:\n';
export const SHADOW = 'root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n';

/** A tree shaped like the dfsim/busybox image: busybox with applet links in /bin, its accounts, /w as scratch. */
export function busyboxTree(extra: Record<string, Node> = {}): FsTree {
  const tree = FsTree.empty();
  const entries: Record<string, Node> = {
    '/bin': dir(0o755),
    '/bin/busybox': file('ELF', 0o755),
    '/bin/sh': link('busybox'),
    '/etc': dir(0o755),
    '/etc/passwd': file(PASSWD),
    '/etc/group': file(GROUP),
    '/etc/shadow': file(SHADOW, 0o640),
    '/home': dir(0o755),
    '/home/app': dir(0o755, 1000, 1000),
    '/root': dir(0o700),
    '/tmp': dir(0o1777),
    '/usr': dir(0o755),
    '/usr/bin': dir(0o755),
    '/var': dir(0o755),
    '/w': dir(0o755),
    ...extra,
  };
  for (const name of ['cat', 'chmod', 'chown', 'cp', 'echo', 'ln', 'ls', 'mkdir', 'mv', 'rm', 'sed', 'touch', 'tee', 'true', 'false', 'env', 'printf', 'test', '[', 'basename', 'dirname', 'chgrp', 'rmdir', 'pwd', 'grep', 'wc', 'sleep']) {
    entries[`/bin/${name}`] = link('busybox');
  }
  for (const path of Object.keys(entries).sort()) tree.set(path, entries[path]!);
  return tree;
}

export { dir, file, link };

export function context(tree: FsTree, overrides: Partial<ShellContext> = {}): ShellContext {
  return {
    tree,
    cwd: '/w',
    env: new Map([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOME', '/root']]),
    uid: 0,
    gid: 0,
    origin: undefined,
    ...overrides,
  };
}

const TYPE = { file: '-', dir: 'd', symlink: 'l' } as const;

/** ls -l style mode string, as `stat -c %A` prints it. */
export function modeString(node: Node): string {
  const m = node.mode;
  const bit = (mask: number, ch: string): string => (m & mask ? ch : '-');
  const special = (x: number, s: number, on: string, off: string): string => (m & s ? (m & x ? on : off) : bit(x, 'x'));
  return (
    TYPE[node.type] +
    bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') + bit(0o020, 'w') + special(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') + bit(0o002, 'w') + special(0o001, 0o1000, 't', 'T')
  );
}

/**
 * The tree below `root` as the differential test dumps a container's: one line per entry,
 * `%A uid:gid path [-> target | content]` (sizes stand for directories' and links' own).
 */
export function dump(tree: FsTree, root = '/w'): string[] {
  const lines: string[] = [];
  const top = tree.get(root);
  const all: [string, Node][] = top ? [[root, top], ...tree.walk(root)] : [];
  for (const [path, node] of all) {
    let tail = '';
    if (node.type === 'symlink') tail = ` -> ${node.target}`;
    if (node.type === 'file') tail = ` = ${JSON.stringify(node.content.bytes().toString('latin1'))}`;
    lines.push(`${modeString(node)} ${node.uid}:${node.gid} ${path}${tail}`);
  }
  return lines;
}

export function sh(script: string, tree = busyboxTree(), overrides: Partial<ShellContext> = {}): ScriptOutcome & { tree: FsTree } {
  return { ...runScript(script, context(tree, overrides)), tree };
}
