import type { Origin } from '../fs/tree.js';
import type { Heredoc, RunInstruction } from '../model/instruction.js';
import { runArgv, runScript, type ProgramOutcome } from '../run/runScript.js';
import { lookupVariable, type StageState } from './stageState.js';
import type { Identity } from './users.js';

/**
 * The argv a RUN executes, as the builder builds it: BuildKit hands a lone heredoc's body to the
 * shell as the script (a `#!` body is run as the file /dev/pipes/NAME), and otherwise appends the
 * heredoc bodies and terminators to the command line; the classic builder drops the bodies.
 */
export function runArgs(state: StageState, instruction: RunInstruction, shellArgs: string[]): string[] {
  const { command, heredocs } = instruction;
  if (state.builder === 'classic' || heredocs.length === 0 || command.form === 'exec') return shellArgs;
  const shell = shellArgs.slice(0, -1);
  const only = heredocs.length === 1 ? heredocs[0]! : undefined;
  if (only && /^\s*\d*<<-?\s*["']?[^\s"']+["']?\s*$/.test(command.text)) {
    return only.content.startsWith('#!') ? [...shell, `/dev/pipes/${only.name}`] : [...shell, only.content];
  }
  return [...shell, `${command.text}\n${heredocs.map((h: Heredoc) => `${h.content}${h.name}`).join('\n')}`];
}

/** The variables a RUN process sees: the image's Env plus the ARGs in scope, per builder. */
export function runEnvironment(state: StageState): Map<string, string> {
  const vars = new Map<string, string>();
  for (const [name, value] of state.args) if (value !== undefined) vars.set(name, value);
  for (const entry of state.config.Env ?? []) {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? entry : entry.slice(0, eq);
    vars.set(name, lookupVariable(state, name) ?? '');
  }
  // BuildKit: an ARG declared after an ENV of the same name wins in RUN too.
  if (state.builder === 'buildkit') for (const [name] of state.args) if (state.vars.has(name)) vars.set(name, state.vars.get(name)!);
  return vars;
}

/**
 * Runs the argv with the built-in shell on the stage's tree. A `#!` heredoc script BuildKit
 * runs as /dev/pipes/NAME is run as a shell script when its interpreter is a shell.
 */
export function execute(args: readonly string[], instruction: RunInstruction, state: StageState, identity: Identity, origin: Origin): ProgramOutcome {
  const ctx = { tree: state.tree, cwd: state.config.WorkingDir || '/', env: runEnvironment(state), uid: identity.uid, gid: identity.gid, origin };
  const pipe = /^\/dev\/pipes\/(.+)$/.exec(args[args.length - 1] ?? '');
  const script = pipe ? instruction.heredocs.find((h) => h.name === pipe[1]) : undefined;
  if (script) {
    const shebang = /^#!\s*(\S+)/.exec(script.content)?.[1] ?? '';
    if (/(^|\/)(sh|ash|bash)$/.test(shebang)) return runScript(script.content, ctx);
    return { kind: 'unsupported', command: shebang, reason: `a script for ${shebang}`, stdout: '', stderr: '' };
  }
  return runArgv(args, ctx);
}
