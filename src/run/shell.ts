import type { AndOr, Command, Pipeline, Script, SimpleCommand } from './ast.js';
import { findCommand } from './commands/index.js';
import { ExitSignal, FsError, LoopSignal, Unsupported } from './errors.js';
import { expandFields, expandPattern, expandString, type ExpandHost } from './expand.js';
import { matches } from './glob.js';
import { Capture, discard, type Io } from './io.js';
import { Parser } from './parser.js';
import { lookupAccount } from './accounts.js';
import { applyRedirects } from './redirect.js';
import { Vfs, type Creator } from './vfs.js';

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
}

interface Variable {
  /** Undefined after `export X` of a variable never set. */
  value: string | undefined;
  exported: boolean;
}

/** A loop that runs this often is taken for one the emulator cannot see end. */
const MAX_ITERATIONS = 10_000;

/** The PID `$$` gives: a RUN's shell is the container's first process. */
const PID = '1';

/**
 * One shell process: variables, options, positional parameters and working directory of its
 * own, the stage's file tree shared with every other (a subshell's file changes stay).
 */
export class Shell implements ExpandHost {
  readonly fs: Vfs;
  status = 0;
  /** The simple command being run, named by `unsupported` outcomes, and its line for builtins' messages. */
  current = '';
  line = 0;
  /** Started with -c (shows in `$-`). */
  commandMode = false;
  /** Loops being run: `break`/`continue` outside one do nothing, as in ash. */
  loopDepth = 0;
  private substStatus: number | undefined;

  constructor(
    readonly proc: Creator,
    private readonly vars: Map<string, Variable>,
    readonly opts: ShellOptions,
    public argv0: string,
    public args: string[],
  ) {
    this.fs = new Vfs(proc);
  }

  /** A shell process started with `env`, as ash's init() sets it up (SHLVL raised, PWD set). */
  static create(proc: Creator, env: ReadonlyMap<string, string>, argv0: string, args: string[]): Shell {
    const vars = new Map<string, Variable>();
    for (const [name, value] of env) vars.set(name, { value, exported: true });
    const opts = { errexit: false, nounset: false, xtrace: false, pipefail: false, noglob: false };
    const shell = new Shell(proc, vars, opts, argv0, args);
    shell.setVar('SHLVL', String((parseInt(env.get('SHLVL') ?? '0', 10) || 0) + 1), true);
    shell.setVar('PWD', proc.cwd, true);
    return shell;
  }

  /** A new shell process (`sh`) started from this one with `env`. */
  spawn(env: ReadonlyMap<string, string>, argv0: string, args: string[]): Shell {
    return Shell.create({ ...this.proc }, env, argv0, args);
  }

  /** A subshell: a copy of this shell's state over the same tree. */
  fork(): Shell {
    const vars = new Map([...this.vars].map(([k, v]) => [k, { ...v }]));
    const shell = new Shell({ ...this.proc }, vars, { ...this.opts }, this.argv0, [...this.args]);
    shell.status = this.status;
    shell.commandMode = this.commandMode;
    return shell;
  }

  get cwd(): string {
    return this.proc.cwd;
  }
  set cwd(path: string) {
    this.proc.cwd = path;
  }
  get noglob(): boolean {
    return this.opts.noglob;
  }
  get nounset(): boolean {
    return this.opts.nounset;
  }

  // --- variables ------------------------------------------------------------------------

  getVar(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  setVar(name: string, value: string, exported?: boolean): void {
    const old = this.vars.get(name);
    this.vars.set(name, { value, exported: exported ?? old?.exported ?? false });
  }

  exportVar(name: string, value?: string): void {
    this.vars.set(name, { value: value ?? this.vars.get(name)?.value, exported: true });
  }

  unsetVar(name: string): void {
    this.vars.delete(name);
  }

  /**
   * The exported variables as a child process gets them: in the order of ash's variable table
   * (39 hash buckets; PATH, set up before the environment is read, first in its bucket; the
   * others in the order they were made), with `assigned` (prefix assignments) merged in.
   */
  environment(assigned: ReadonlyMap<string, string> = new Map()): Map<string, string> {
    const merged = new Map<string, Variable>(this.vars);
    for (const [name, value] of assigned) merged.set(name, { value, exported: true });
    const entries = [...merged].filter(([, v]) => v.exported && v.value !== undefined);
    const rank = (name: string): number => hashBucket(name) * 2 + (name === 'PATH' ? 0 : 1);
    entries.sort(([a], [b]) => rank(a) - rank(b));
    return new Map(entries.map(([name, v]) => [name, v.value!]));
  }

  param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return PID;
      case '#':
        return String(this.args.length);
      case '0':
        return this.argv0;
      case '@':
      case '*':
        return this.args.join(name === '*' ? (this.getVar('IFS') ?? ' ').slice(0, 1) : ' ');
      case '-':
        return this.flags();
      case '!':
        return undefined;
      case 'HOSTNAME':
        // ash sets it from uname() when the environment lacks it: the build container's name.
        if (this.getVar(name) === undefined) throw new Unsupported(this.current, 'the container hostname ($HOSTNAME)');
    }
    if (/^\d+$/.test(name)) return this.args[Number(name) - 1];
    return this.getVar(name);
  }

  /** `$-`: ash lists its option letters from the end of its table: u x c f e. */
  private flags(): string {
    const { nounset, xtrace, noglob, errexit } = this.opts;
    return [nounset && 'u', xtrace && 'x', this.commandMode && 'c', noglob && 'f', errexit && 'e'].filter(Boolean).join('');
  }

  positional(): readonly string[] {
    return this.args;
  }

  assign(name: string, value: string): void {
    this.setVar(name, value);
  }

  paramError(name: string, message: string): never {
    this.errSink.write(`${this.argv0}: ${name}: ${message}\n`);
    throw new ExitSignal(2);
  }

  /** Where the shell's own diagnostics go: the stderr of the command being run. */
  private errSink = discard;

  homeOf(user: string): string | undefined {
    return lookupAccount(this.fs.tree, 'passwd', user)?.[5];
  }

  substitute(body: Script): string {
    const sub = this.fork();
    const out = new Capture();
    const status = sub.runInSubshell(body, { stdin: Buffer.alloc(0), stdout: out, stderr: this.errSink });
    this.substStatus = status;
    return out.text();
  }

  // --- running --------------------------------------------------------------------------

  /** Runs a script line by line, as `sh -c` does; returns the exit status. */
  runSource(source: string, io: Io): number {
    const parser = new Parser(source);
    try {
      for (;;) {
        const line = parser.nextLine();
        if (!line) break;
        this.runList(line, io, false);
      }
    } catch (error) {
      if (error instanceof ExitSignal) return (this.status = error.code);
      if (error instanceof LoopSignal) return this.status;
      throw error;
    }
    return this.status;
  }

  /** `eval` and `.`: runs source text in this shell (its `exit` ends this shell). */
  evaluate(source: string, io: Io): number {
    const parser = new Parser(source);
    this.status = 0;
    for (let line = parser.nextLine(); line; line = parser.nextLine()) this.runList(line, io, false);
    return this.status;
  }

  /** Runs a parsed script as a subshell body: `exit` ends only it. */
  runInSubshell(body: Script, io: Io): number {
    try {
      return this.runList(body, io, false);
    } catch (error) {
      if (error instanceof ExitSignal) return error.code;
      if (error instanceof LoopSignal) return this.status;
      throw error;
    }
  }

  /** `tested`: the status is looked at (if/while condition, left of && or ||), so `set -e` stays quiet. */
  runList(script: Script, io: Io, tested: boolean): number {
    for (const item of script.items) this.status = this.andOr(item, io, tested);
    return this.status;
  }

  private andOr(item: AndOr, io: Io, tested: boolean): number {
    let status = this.pipeline(item.first, io, tested || item.rest.length > 0);
    item.rest.forEach(({ op, pipeline }, i) => {
      if ((op === '&&') === (status === 0)) {
        this.status = status;
        status = this.pipeline(pipeline, io, tested || i < item.rest.length - 1);
      }
    });
    return status;
  }

  private pipeline(pipeline: Pipeline, io: Io, tested: boolean): number {
    const inner = tested || pipeline.negated;
    let status: number;
    if (pipeline.commands.length === 1) status = this.command(pipeline.commands[0]!, io, inner);
    else {
      let stdin = io.stdin;
      let failed = 0;
      status = 0;
      pipeline.commands.forEach((command, i) => {
        const last = i === pipeline.commands.length - 1;
        const out = last ? io.stdout : new Capture();
        const sub = this.fork();
        status = sub.runInSubshell({ items: [{ first: { negated: false, commands: [command], text: '' }, rest: [] }] }, { stdin, stdout: out, stderr: io.stderr });
        if (status !== 0) failed = status;
        if (!last) stdin = (out as Capture).bytes();
      });
      if (this.opts.pipefail && status === 0) status = failed;
      this.checkErrexit(status, inner);
    }
    return pipeline.negated ? Number(status === 0) : status;
  }

  private checkErrexit(status: number, tested: boolean): void {
    if (status !== 0 && !tested && this.opts.errexit) throw new ExitSignal(status);
  }

  private command(command: Command, io: Io, tested: boolean): number {
    if (command.kind === 'simple') return this.simple(command, io, tested);
    const redirected = applyRedirects(this, command.redirects, io);
    if (redirected === undefined) return (this.status = 1);
    try {
      return this.compound(command, redirected, tested);
    } finally {
      this.errSink = io.stderr;
    }
  }

  private compound(command: Exclude<Command, SimpleCommand>, io: Io, tested: boolean): number {
    switch (command.kind) {
      case 'group':
        return this.runList(command.body, io, tested);
      case 'subshell': {
        const status = this.fork().runInSubshell(command.body, io);
        this.status = status;
        this.checkErrexit(status, tested);
        return status;
      }
      case 'if': {
        for (const branch of command.branches) {
          if (this.runList(branch.test, io, true) === 0) return this.runList(branch.body, io, tested);
        }
        return command.otherwise ? this.runList(command.otherwise, io, tested) : (this.status = 0);
      }
      case 'for': {
        this.current = command.text;
        const items = command.items ? expandFields(command.items, this) : [...this.args];
        this.status = 0;
        for (const item of items) {
          this.setVar(command.name, item);
          if (this.loopBody(command.body, io, tested) === 'break') break;
        }
        return this.status;
      }
      case 'while': {
        let status = 0;
        for (let n = 0; ; n++) {
          if (n >= MAX_ITERATIONS) throw new Unsupported(command.text, 'a loop that does not end within the emulator');
          const test = this.runList(command.test, io, true);
          if ((test === 0) === command.until) break;
          const outcome = this.loopBody(command.body, io, tested);
          status = this.status;
          if (outcome === 'break') break;
        }
        return (this.status = status);
      }
      case 'case': {
        this.current = command.text;
        const subject = expandString(command.subject, this);
        for (const arm of command.arms) {
          if (arm.patterns.some((p) => matches(expandPattern(p, this), subject))) return this.runList(arm.body, io, tested);
        }
        return (this.status = 0);
      }
    }
  }

  private loopBody(body: Script, io: Io, tested: boolean): 'break' | 'continue' | undefined {
    this.loopDepth++;
    try {
      this.runList(body, io, tested);
      return undefined;
    } catch (error) {
      if (!(error instanceof LoopSignal)) throw error;
      if (error.levels > 1) {
        error.levels--;
        throw error;
      }
      return error.kind;
    } finally {
      this.loopDepth--;
    }
  }

  private simple(command: SimpleCommand, io: Io, tested: boolean): number {
    this.current = command.text;
    this.line = command.line;
    this.errSink = io.stderr;
    this.substStatus = undefined;
    const argv = expandFields(command.words, this);
    const assigned = command.assignments.map(({ name, value }) => [name, expandString(value, this)] as const);
    // The trace goes to the stderr the command started with, once its redirections are open.
    const trace = (): void => {
      if (this.opts.xtrace) io.stderr.write(`+ ${[...assigned.map(([n, v]) => `${n}=${quoteTrace(v)}`), ...argv.map(quoteTrace)].join(' ')}\n`);
    };
    if (argv.length === 0) {
      const status = this.substStatus ?? 0;
      const redirected = applyRedirects(this, command.redirects, io);
      if (redirected) trace();
      for (const [name, value] of assigned) this.setVar(name, value);
      this.status = redirected === undefined ? 1 : status;
      this.checkErrexit(this.status, tested);
      return this.status;
    }
    const redirected = applyRedirects(this, command.redirects, io);
    if (redirected === undefined) {
      this.status = 1;
      this.checkErrexit(1, tested);
      return 1;
    }
    trace();
    this.errSink = redirected.stderr;
    const status = this.exec(argv, new Map(assigned), redirected);
    this.errSink = io.stderr;
    this.status = status;
    this.checkErrexit(status, tested);
    return status;
  }

  /** Runs one command line's argv: a builtin in this shell, or a command of the tree. */
  exec(argv: readonly string[], assigned: ReadonlyMap<string, string>, io: Io): number {
    return this.execWithEnv(argv, this.environment(assigned), io, assigned);
  }

  /** Runs argv with a given environment (`env A=1 cmd`); special builtins keep `assigned` in the shell. */
  execWithEnv(argv: readonly string[], env: ReadonlyMap<string, string>, io: Io, assigned: ReadonlyMap<string, string> = new Map()): number {
    const found = findCommand(argv[0]!, this);
    if (found.kind === 'missing') {
      io.stderr.write(`${this.argv0}: ${argv[0]}: not found\n`);
      return 127;
    }
    if (found.kind === 'unknown') throw new Unsupported(this.current, found.reason);
    if (found.kind === 'builtin' && found.special) for (const [name, value] of assigned) this.setVar(name, value);
    try {
      return found.run({ argv, io, shell: this, env });
    } catch (error) {
      if (error instanceof FsError) {
        io.stderr.write(`${argv[0]}: ${error.path}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
}

/** ash's hashvar(): the bucket of its 39-entry variable table a name falls in. */
function hashBucket(name: string): number {
  const bytes = Buffer.from(name);
  let hash = (bytes[0] ?? 0) << 4;
  for (const b of bytes) hash += b;
  return hash % 39;
}

/** An argument as `set -x` shows it: single-quoted when it holds anything beyond `+,-./0-9:@A-Z]^_a-z`. */
function quoteTrace(arg: string): string {
  if (!/[^+,\-./0-9:@A-Z\]^_a-z]/.test(arg)) return arg;
  // ash's single_quote(): a quoted run (maybe empty) before each run of quotes, which goes in "".
  let out = '';
  for (const [, text, quotes] of arg.matchAll(/([^']*)('*)/g)) {
    if (text === '' && quotes === '' && out !== '') break;
    out += `'${text}'` + (quotes ? `"${quotes}"` : '');
    if (!quotes) break;
  }
  return out;
}
