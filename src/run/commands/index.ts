import { FsError } from '../errors.js';
import type { Shell } from '../shell.js';
import { OTHER_BUILTINS, REGULAR_BUILTINS, SPECIAL_BUILTINS } from './builtins.js';
import { cp, install, mv } from './copy.js';
import { echo } from './echo.js';
import { mkdir, rm, rmdir, touch } from './files.js';
import { ln } from './links.js';
import { chgrp, chmod, chown } from './perms.js';
import { printf } from './printf.js';
import { sed } from './sed.js';
import { sh } from './sh.js';
import { groupadd, useradd } from './shadow.js';
import { test } from './test.js';
import { basename, cat, dirname, env, tee } from './text.js';
import type { CommandImpl } from './types.js';
import { addgroup, adduser } from './users.js';

interface CommandDef {
  readonly run: CommandImpl;
  /** An applet of the reference busybox (Debian 12's busybox-static): ash runs it even when PATH does not lead to it. */
  readonly applet: boolean;
  /** Only busybox's version is modelled: another program of that name (GNU's cp, Debian's adduser) is not. */
  readonly busyboxOnly: boolean;
}

const applet = (run: CommandImpl): CommandDef => ({ run, applet: true, busyboxOnly: true });

const COMMANDS: ReadonlyMap<string, CommandDef> = new Map([
  ['mkdir', applet(mkdir)],
  ['touch', applet(touch)],
  ['rm', applet(rm)],
  ['rmdir', applet(rmdir)],
  ['cp', applet(cp)],
  ['mv', applet(mv)],
  ['ln', applet(ln)],
  ['chmod', applet(chmod)],
  ['chown', applet(chown)],
  ['chgrp', applet(chgrp)],
  ['cat', applet(cat)],
  ['tee', applet(tee)],
  ['basename', applet(basename)],
  ['dirname', applet(dirname)],
  ['env', applet(env)],
  ['sed', applet(sed)],
  ['sh', applet(sh)],
  ['ash', applet(sh)],
  // Run through PATH: /bin/echo etc. behave as the builtins do.
  ['echo', applet(echo)],
  ['printf', applet(printf)],
  ['test', applet(test)],
  ['[', applet(test)],
  ['true', applet(() => 0)],
  ['false', applet(() => 1)],
  ['pwd', applet(REGULAR_BUILTINS.get('pwd')!)],
  // Not in the reference busybox: found only through PATH.
  ['install', { run: install, applet: false, busyboxOnly: true }],
  ['adduser', { run: adduser, applet: false, busyboxOnly: true }],
  ['addgroup', { run: addgroup, applet: false, busyboxOnly: true }],
  ['useradd', { run: useradd, applet: false, busyboxOnly: false }],
  ['groupadd', { run: groupadd, applet: false, busyboxOnly: false }],
]);

const SHELL_BUILTINS: ReadonlyMap<string, CommandImpl> = new Map([
  ['echo', echo],
  ['printf', printf],
  ['test', test],
  ['[', test],
]);

export type Found =
  | { readonly kind: 'builtin'; readonly special: boolean; readonly run: CommandImpl }
  | { readonly kind: 'command'; readonly run: CommandImpl }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown'; readonly reason: string };

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What a command name runs, as ash with busybox's standalone applets finds it: a builtin, an
 * applet of the reference build, else the file PATH leads to in the tree (only that last one
 * without a shell).
 */
export function findCommand(name: string, shell: Shell, viaShell = true): Found {
  if (!name.includes('/') && viaShell) {
    const special = SPECIAL_BUILTINS.get(name);
    if (special) return { kind: 'builtin', special: true, run: special };
    const regular = REGULAR_BUILTINS.get(name) ?? SHELL_BUILTINS.get(name);
    if (regular) return { kind: 'builtin', special: false, run: regular };
    if (OTHER_BUILTINS.has(name)) return { kind: 'unknown', reason: `the shell builtin '${name}' is not modelled` };
    const def = COMMANDS.get(name);
    if (def?.applet) return { kind: 'command', run: def.run };
  }
  const path = name.includes('/') ? (executable(shell, name) ? name : undefined) : searchPath(shell, name);
  if (path === undefined) return { kind: 'missing' };
  const def = COMMANDS.get(name.slice(name.lastIndexOf('/') + 1));
  if (!def) return shellScript(shell, path) ?? { kind: 'unknown', reason: `${path} is not a command the emulator models` };
  if (def.busyboxOnly && !isBusybox(shell, path)) return { kind: 'unknown', reason: `${path} is not busybox's ${name}` };
  return { kind: 'command', run: def.run };
}

/**
 * An executable whose first line is `#!` and a shell busybox provides runs as `sh FILE ARG...`,
 * as the kernel would start it (the image's own wrapper scripts, stand-in tools).
 */
function shellScript(shell: Shell, path: string): Found | undefined {
  let first: string;
  try {
    const { node } = shell.fs.stat(path);
    if (node.type !== 'file') return undefined;
    first = shell.fs.readFile(node, path).subarray(0, 256).toString('utf8').split('\n')[0]!;
  } catch (error) {
    if (error instanceof FsError) return undefined;
    throw error;
  }
  const interpreter = /^#!\s*(\S+)\s*$/.exec(first)?.[1];
  if (!interpreter || !/(^|\/)(sh|ash)$/.test(interpreter) || !executable(shell, interpreter) || !isBusybox(shell, interpreter)) {
    return undefined;
  }
  return { kind: 'command', run: (inv) => sh({ ...inv, argv: [interpreter, path, ...inv.argv.slice(1)] }) };
}

function searchPath(shell: Shell, name: string): string | undefined {
  const dirs = (shell.getVar('PATH') ?? DEFAULT_PATH).split(':');
  for (const dir of dirs) {
    const path = `${dir === '' ? '.' : dir}/${name}`;
    if (executable(shell, path)) return path;
  }
  return undefined;
}

function executable(shell: Shell, path: string): boolean {
  try {
    const { node } = shell.fs.stat(path);
    return node.type === 'file' && (node.mode & 0o111) !== 0;
  } catch (error) {
    if (error instanceof FsError) return false;
    throw error;
  }
}

/** A path that is busybox: a symlink to a file named busybox, or a hard link of /bin/busybox. */
export function isBusybox(shell: Shell, path: string): boolean {
  const { real, node } = shell.fs.locate(path, true);
  if (node?.type !== 'file') return false;
  if (real.endsWith('/busybox')) return true;
  const busybox = shell.fs.tree.lookup('/bin/busybox').node;
  return node.linkGroup !== undefined && busybox?.type === 'file' && busybox.linkGroup === node.linkGroup;
}
