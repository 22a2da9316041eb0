import { ExitSignal, LoopSignal, Unsupported } from '../errors.js';
import type { ShellOptions } from '../shell.js';
import { X } from '../vfs.js';
import type { CommandImpl, Invocation } from './types.js';

/** ash's message for a failing builtin: `$0: name: line N: message`. */
function builtinError(inv: Invocation, message: string): void {
  inv.io.stderr.write(`${inv.shell.argv0}: ${inv.argv[0]}: line ${inv.shell.line}: ${message}\n`);
}

const cd: CommandImpl = (inv) => {
  const { shell } = inv;
  let target = inv.argv[1];
  if (inv.argv.length > 2) throw new Unsupported('', 'cd with options');
  if (target === undefined) target = shell.getVar('HOME') ?? '';
  else if (target === '-') target = shell.getVar('OLDPWD') ?? '';
  // ash: no HOME (or OLDPWD) means the current directory.
  if (target === '') target = '.';
  const path = target.startsWith('/') ? target : `${shell.cwd === '/' ? '' : shell.cwd}/${target}`;
  let message: string | undefined;
  try {
    const { node } = shell.fs.stat(path);
    if (node.type !== 'dir') message = 'Not a directory';
    else if (!shell.fs.may(node, X)) message = 'Permission denied';
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  if (message !== undefined) {
    builtinError(inv, `can't cd to ${target}: ${message}`);
    return 2;
  }
  const logical = normalize(path);
  // ash exports both.
  shell.setVar('OLDPWD', shell.cwd, true);
  shell.cwd = logical;
  shell.setVar('PWD', logical, true);
  if (inv.argv[1] === '-') inv.io.stdout.write(logical + '\n');
  return 0;
};

/** A logical path (as ash's cd keeps `$PWD`): `.`/`..` removed by text, symlinks kept. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const exportBuiltin: CommandImpl = (inv) => {
  const args = inv.argv.slice(1);
  if (args[0] === '-p' || args.length === 0) {
    for (const [name, value] of [...inv.shell.environment()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      inv.io.stdout.write(`export ${name}=${singleQuote(value)}\n`);
    }
    return 0;
  }
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!NAME.test(name)) {
      builtinError(inv, `${name}: bad variable name`);
      throw new ExitSignal(2);
    }
    inv.shell.exportVar(name, eq < 0 ? undefined : arg.slice(eq + 1));
  }
  return 0;
};

/** ash's single_quote(): `'...'`, with each run of quotes in double quotes. */
function singleQuote(value: string): string {
  return `'${value.replace(/'+/g, (q) => `'"${q}"'`)}'`;
}

const unset: CommandImpl = (inv) => {
  for (const arg of inv.argv.slice(1)) {
    if (arg === '-v') continue;
    if (arg.startsWith('-')) throw new Unsupported('', `unset ${arg}`);
    inv.shell.unsetVar(arg);
  }
  return 0;
};

const LONG_OPTIONS: Record<string, keyof ShellOptions> = {
  errexit: 'errexit',
  nounset: 'nounset',
  xtrace: 'xtrace',
  pipefail: 'pipefail',
  noglob: 'noglob',
};
const SHORT_OPTIONS: Record<string, keyof ShellOptions> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob' };

/** Applies `-eux`/`+e`/`-o name` style options to `opts`; returns the arguments after them. */
export function setOptions(args: readonly string[], opts: ShellOptions): string[] | undefined {
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args.slice(i + 1);
    if (!/^[-+]./.test(arg)) break;
    const on = arg[0] === '-';
    if (arg.slice(1) === 'o') {
      const name = LONG_OPTIONS[args[++i] ?? ''];
      if (!name) throw new Unsupported('', `set ${arg} ${args[i] ?? ''}`.trim());
      opts[name] = on;
      continue;
    }
    for (const letter of arg.slice(1)) {
      const name = SHORT_OPTIONS[letter];
      if (!name) throw new Unsupported('', `shell option ${arg[0]}${letter}`);
      opts[name] = on;
    }
  }
  return i < args.length ? args.slice(i) : undefined;
}

const set: CommandImpl = (inv) => {
  if (inv.argv.length === 1) throw new Unsupported('', 'set without arguments (listing variables)');
  const positional = setOptions(inv.argv.slice(1), inv.shell.opts);
  const dashdash = inv.argv.includes('--');
  if (positional !== undefined || dashdash) inv.shell.args = positional ?? [];
  return 0;
};

/** A numeric operand of exit/shift/break/continue/umask; undefined when it is not one. */
function numberArg(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

const exit: CommandImpl = (inv) => {
  const code = numberArg(inv.argv[1], inv.shell.status);
  if (code === undefined) {
    builtinError(inv, `Illegal number: ${inv.argv[1]}`);
    throw new ExitSignal(2);
  }
  throw new ExitSignal(code & 0xff);
};

const loop =
  (kind: 'break' | 'continue'): CommandImpl =>
  (inv) => {
    const levels = numberArg(inv.argv[1], 1);
    if (levels === undefined || levels === 0) {
      builtinError(inv, `Illegal number: ${inv.argv[1]}`);
      throw new ExitSignal(2);
    }
    // More levels than loops means all of them; outside any loop it does nothing.
    if (inv.shell.loopDepth === 0) return 0;
    throw new LoopSignal(kind, Math.min(levels, inv.shell.loopDepth));
  };

const shift: CommandImpl = (inv) => {
  const n = numberArg(inv.argv[1], 1);
  if (n === undefined || n > inv.shell.args.length) {
    builtinError(inv, n === undefined ? `Illegal number: ${inv.argv[1]}` : `can't shift that many`);
    throw new ExitSignal(2);
  }
  inv.shell.args = inv.shell.args.slice(n);
  return 0;
};

const umask: CommandImpl = (inv) => {
  const arg = inv.argv[1];
  if (arg === undefined) {
    inv.io.stdout.write(inv.shell.proc.umask.toString(8).padStart(4, '0') + '\n');
    return 0;
  }
  if (!/^[0-7]{1,4}$/.test(arg) || inv.argv.length > 2) throw new Unsupported('', `umask ${inv.argv.slice(1).join(' ')}`);
  inv.shell.proc.umask = parseInt(arg, 8) & 0o777;
  return 0;
};

const evalBuiltin: CommandImpl = (inv) => inv.shell.evaluate(inv.argv.slice(1).join(' '), inv.io);

const dot: CommandImpl = (inv) => {
  const file = inv.argv[1];
  if (file === undefined) return 0;
  if (!file.includes('/')) throw new Unsupported('', '. of a file looked up in PATH');
  let source: string;
  try {
    const { node } = inv.shell.fs.stat(file);
    if (node.type !== 'file') throw new Error('not a file');
    source = inv.shell.fs.readFile(node, file).toString('utf8');
  } catch (error) {
    if (error instanceof Unsupported) throw error;
    builtinError(inv, `can't open '${file}'`);
    throw new ExitSignal(2);
  }
  return inv.shell.evaluate(source, inv.io);
};

const exec: CommandImpl = (inv) => {
  if (inv.argv.length === 1) throw new Unsupported('', 'exec without a command (redirections for the rest of the script)');
  throw new ExitSignal(inv.shell.exec(inv.argv.slice(1), new Map(), inv.io));
};

const pwd: CommandImpl = (inv) => {
  if (inv.argv.length > 1 && inv.argv[1] !== '-L') throw new Unsupported('', `pwd ${inv.argv[1]}`);
  inv.io.stdout.write(inv.shell.cwd + '\n');
  return 0;
};

/** ash's builtins: special ones keep prefix assignments (`X=1 export`), the others do not. */
export const SPECIAL_BUILTINS: ReadonlyMap<string, CommandImpl> = new Map([
  [':', () => 0],
  ['export', exportBuiltin],
  ['unset', unset],
  ['set', set],
  ['exit', exit],
  ['break', loop('break')],
  ['continue', loop('continue')],
  ['shift', shift],
  ['eval', evalBuiltin],
  ['.', dot],
  ['exec', exec],
]);

export const REGULAR_BUILTINS: ReadonlyMap<string, CommandImpl> = new Map([
  ['true', () => 0],
  ['false', () => 1],
  ['cd', cd],
  ['chdir', cd],
  ['pwd', pwd],
  ['umask', umask],
]);

/** ash builtins the emulator does not model: never looked up in PATH. */
export const OTHER_BUILTINS = new Set([
  'alias', 'bg', 'command', 'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local',
  'read', 'readonly', 'return', 'source', 'times', 'trap', 'type', 'ulimit', 'unalias', 'wait', '[[',
]);
