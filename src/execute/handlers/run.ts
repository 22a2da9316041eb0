import { DockerfileError } from '../../model/errors.js';
import type { RunInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { recordHistory } from '../history.js';
import { mkdirAll, NotADirectoryError } from '../mkdirAll.js';
import { nameContextMounts, withMounts } from '../mounts.js';
import { execute, runArgs } from '../runStep.js';
import { runtimeUser } from '../runtimeUser.js';
import { envValue, originOf, type StageState } from '../stageState.js';
import { treeChanged } from '../trace.js';
import { commandArgs } from './config.js';

/** `|N k=v …`: the ARGs in scope with values, which both builders prefix to a RUN's history. */
function argsPrefix(state: StageState): string {
  // BuildKit: every ARG this stage declared, valued from the step's environment (empty when
  // unset); classic: the ARGs in scope that have a value and no ENV of the same name.
  const set: [string, string][] =
    state.builder === 'buildkit'
      ? state.declaredArgs.map((name) => [name, state.vars.get(name) ?? ''])
      : [...state.args].filter((entry): entry is [string, string] => entry[1] !== undefined && envValue(state.config, entry[0]) === undefined);
  return set.length === 0 ? '' : `|${set.length} ${set.map(([k, v]) => `${k}=${v}`).join(' ')} `;
}

function failed(state: StageState, args: readonly string[], code: number): DockerfileError {
  if (state.builder === 'buildkit') return processFailed(args, `exit code: ${code}`);
  return new DockerfileError('run-failed', `The command '${args.join(' ')}' returned a non-zero code: ${code}`);
}

/** How BuildKit reports a RUN whose process failed, or could not be set up. */
function processFailed(args: readonly string[], why: string): DockerfileError {
  return new DockerfileError('run-failed', `process "${args.join(' ')}" did not complete successfully: ${why}`);
}

/**
 * The classic builder runs RUN with an anonymous volume at every VOLUME path, so whatever the
 * command writes there is lost; BuildKit keeps it.
 */
function discardVolumeWrites(state: StageState, before: StageState['tree']): void {
  for (const volume of Object.keys(state.config.Volumes ?? {})) {
    const path = before.resolve(volume, true);
    const old = before.get(path);
    if (old) state.tree.set(path, old);
    else state.tree.delete(path);
  }
}

/**
 * RUN: a run-effects declaration that matches stands for the command; otherwise the built-in
 * shell runs it on the stage's files, and what it cannot run leaves the stage partial. Around
 * any RUN, BuildKit mounts /dev, /proc and /sys and creates a missing working directory,
 * leaving them in the layer.
 */
export function runRun(state: StageState, instruction: RunInstruction, env: BuildEnv): void {
  const flag = instruction.flags[0];
  nameContextMounts(state, instruction, env);
  if (state.builder === 'classic' && flag) {
    throw new DockerfileError(
      'requires-buildkit',
      `the --${flag.name} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`,
    );
  }
  const args = runArgs(state, instruction, commandArgs(state, instruction.command));
  const before = state.tree.fork();
  const origin = originOf(state, instruction);
  // A file where a directory must be (`COPY a /dev`, WORKDIR onto a file) fails the step, not emulate().
  const mkdir = (path: string): void => {
    try {
      mkdirAll(state.tree, path, { mode: 0o755, uid: 0, gid: 0 }, origin);
    } catch (error) {
      if (!(error instanceof NotADirectoryError)) throw error;
      throw new DockerfileError('run-failed', `mkdir <rootfs>${error.path}: not a directory`);
    }
  };
  if (state.builder === 'buildkit') {
    for (const dir of ['/dev', '/proc', '/sys']) mkdir(dir);
  }
  const workdir = state.config.WorkingDir;
  if (workdir && workdir !== '/') mkdir(workdir);
  if (!env.runEffects?.applyRun(state, instruction)) {
    const identity = runtimeUser(state.config.User, state.tree, state.builder);
    if ('error' in identity) {
      throw state.builder === 'buildkit' ? processFailed(args, identity.error) : new DockerfileError('run-failed', identity.error);
    }
    let outcome!: ReturnType<typeof execute>;
    withMounts(state, instruction, env, () => {
      outcome = execute(args, instruction, state, identity, origin);
    });
    // On a stand-in image a missing program may be in the real one: unknown, not a failure.
    const filesKnown = !state.partial && !state.standIn;
    if (outcome.kind === 'not-started' && filesKnown) {
      // BuildKit reports the process as exited with 1; the classic builder passes on runc's error.
      if (state.builder === 'buildkit') throw failed(state, args, 1);
      throw new DockerfileError(
        'run-failed',
        `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${outcome.error}: unknown`,
      );
    } else if (outcome.kind === 'not-started') {
      env.unknown({
        stage: state.plan.displayName,
        line: instruction.range.start.line,
        what: instruction.original,
        reason: `${outcome.program} is not among the known files of this stage`,
      });
      state.partial = true;
    } else if (outcome.kind === 'unsupported') {
      env.unknown({
        stage: state.plan.displayName,
        line: instruction.range.start.line,
        what: instruction.original,
        reason: `not modelled: ${outcome.command}${outcome.reason ? ` (${outcome.reason})` : ''}`,
      });
      state.partial = true;
    } else if (outcome.code === 127 && !filesKnown) {
      // A command the shell did not find may come from a step whose files are not known (an
      // image without a fixture, a RUN not modelled): not modelled rather than a failure. In a
      // stage whose files are all known, the shell's "not found" fails the step as in Docker.
      env.unknown({
        stage: state.plan.displayName,
        line: instruction.range.start.line,
        what: instruction.original,
        reason: 'a command it runs is not among the known files of this stage',
      });
      state.partial = true;
    } else if (outcome.code !== 0) {
      throw failed(state, args, outcome.code);
    }
  }
  if (state.builder === 'classic') discardVolumeWrites(state, before);
  recordHistory(state, `${state.builder === 'buildkit' ? 'RUN ' : ''}${argsPrefix(state)}${args.join(' ')}`, {
    // The classic builder marks a RUN that changed no file as an empty layer.
    emptyLayer: state.builder === 'classic' && !treeChanged(before, state.tree),
    kind: 'run',
  });
}
