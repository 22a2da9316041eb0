import { DockerfileError } from '../../model/errors.js';
import type { RunInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { recordHistory } from '../history.js';
import { mkdirAll } from '../mkdirAll.js';
import { envValue, originOf, type StageState } from '../stageState.js';
import { commandArgs } from './config.js';

/** `|N k=v …`: the ARGs in scope with values, which both builders prefix to a RUN's history. */
function argsPrefix(state: StageState): string {
  // The classic builder leaves out ARGs that an ENV of the same name overrides.
  const set = [...state.args].filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && (state.builder === 'buildkit' || envValue(state.config, entry[0]) === undefined),
  );
  return set.length === 0 ? '' : `|${set.length} ${set.map(([k, v]) => `${k}=${v}`).join(' ')} `;
}

/**
 * RUN: the command itself is not executed here; unless a run-effects declaration matches it, its
 * file effects are unknown, so the stage is marked partial. What the builder itself adds around
 * any RUN is modelled: BuildKit mounts /dev, /proc and /sys and creates a missing working
 * directory, leaving them in the layer.
 */
export function runRun(state: StageState, instruction: RunInstruction, env: BuildEnv): void {
  const flag = instruction.flags[0];
  if (state.builder === 'classic' && flag) {
    throw new DockerfileError(
      'requires-buildkit',
      `the --${flag.name} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`,
    );
  }
  const args = commandArgs(state, instruction.command);
  if (state.builder === 'buildkit') {
    const origin = originOf(state, instruction);
    for (const dir of ['/dev', '/proc', '/sys']) mkdirAll(state.tree, dir, { mode: 0o755, uid: 0, gid: 0 }, origin);
    const workdir = state.config.WorkingDir;
    if (workdir && workdir !== '/') mkdirAll(state.tree, workdir, { mode: 0o755, uid: 0, gid: 0 }, origin);
  }
  // A declared effect (run effects) stands for the command; otherwise its effect is unknown.
  if (!env.runEffects?.applyRun(state, instruction)) {
    env.unknown({
      stage: state.plan.displayName,
      line: instruction.range.start.line,
      what: instruction.original,
      reason: 'RUN is not modelled',
    });
    state.partial = true;
  }
  recordHistory(state, `${state.builder === 'buildkit' ? 'RUN ' : ''}${argsPrefix(state)}${args.join(' ')}`, {
    emptyLayer: false,
    kind: 'run',
  });
}
