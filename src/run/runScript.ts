import type { FsTree, Origin } from '../fs/tree.js';
import { lookupId, readLines } from './accounts.js';
import { findCommand, isBusybox } from './commands/index.js';
import { Unsupported } from './errors.js';
import { Capture, type Io } from './io.js';
import { Shell } from './shell.js';

export interface ShellContext {
  /** Changed in place. */
  tree: FsTree;
  /** Absolute. */
  cwd: string;
  /** Variables visible to the script (ENV + ARGs, per builder — the caller builds it). */
  env: Map<string, string>;
  /** Who runs it: owner of what it creates. */
  uid: number;
  gid: number;
  /** Provenance for nodes written. */
  origin: Origin | undefined;
  /** Default 0o022. */
  umask?: number;
}

export type ScriptOutcome =
  | { kind: 'exit'; code: number; stdout: string; stderr: string }
  /** Stopped at a command it cannot model; effects of commands before it are already applied. */
  | { kind: 'unsupported'; command: string; reason: string; stdout: string; stderr: string };

/** `/bin/sh -c script`, as busybox ash runs it (an image whose /bin/sh is another shell is not modelled). */
export function runScript(script: string, ctx: ShellContext): ScriptOutcome {
  return run<never>(ctx, (shell, io) => {
    if (!isBusybox(shell, '/bin/sh')) throw new Unsupported('/bin/sh', "the image's /bin/sh is not busybox");
    shell.commandMode = true;
    return shell.runSource(script, io);
  });
}

/** A RUN's program: what a script can end with, or not started when runc cannot find it (its `error`). */
export type ProgramOutcome = ScriptOutcome | { kind: 'not-started'; program: string; error: string };

/**
 * Exec-form RUN (`RUN ["mkdir","-p","/x"]`): no shell; argv[0] is found through PATH (or is a
 * path), so shell builtins and applets without a link are not there.
 */
export function runArgv(argv: readonly string[], ctx: ShellContext): ProgramOutcome {
  return run<ProgramOutcome>(ctx, (shell, io) => {
    shell.current = argv.join(' ');
    const name = argv[0] ?? '';
    const found = findCommand(name, shell, false);
    if (found.kind === 'missing') {
      // runc's own words: a path is stat'ed, a bare name looked up in PATH.
      const error = name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": executable file not found in $PATH`;
      return { kind: 'not-started', program: name, error };
    }
    return shell.exec(argv, new Map(), io);
  });
}

/**
 * The groups the RUN process has: its gid and, as runc sets them up, every group of the tree's
 * /etc/group that lists the uid's user name.
 */
function groupsOf(ctx: ShellContext): number[] {
  const name = lookupId(ctx.tree, 'passwd', ctx.uid)?.[0];
  const groups = new Set([ctx.gid]);
  if (name !== undefined) {
    for (const line of readLines(ctx.tree, 'group') ?? []) {
      const fields = line.split(':');
      if (fields.length === 4 && fields[3]!.split(',').includes(name) && /^\d+$/.test(fields[2]!)) groups.add(Number(fields[2]));
    }
  }
  return [...groups];
}

function run<T>(ctx: ShellContext, body: (shell: Shell, io: Io) => number | T): ScriptOutcome | T {
  const stdout = new Capture();
  const stderr = new Capture();
  let shell: Shell | undefined;
  try {
    const proc = { tree: ctx.tree, uid: ctx.uid, gid: ctx.gid, groups: groupsOf(ctx), origin: ctx.origin, umask: ctx.umask ?? 0o022, cwd: ctx.cwd };
    shell = Shell.create(proc, ctx.env, '/bin/sh', []);
    const code = body(shell, { stdin: Buffer.alloc(0), stdout, stderr });
    if (typeof code !== 'number') return code;
    return { kind: 'exit', code, stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return { kind: 'unsupported', command: error.command || shell?.current || '', reason: error.reason, stdout: stdout.text(), stderr: stderr.text() };
  }
}
