import { createHash } from 'node:crypto';
import type { Instruction } from '../model/instruction.js';
import type { BuildEnv } from './buildEnv.js';
import type { StageState } from './stageState.js';

/**
 * A filesystem step makes the stage a new LLB output, failed or not: later steps build on it.
 * BuildKit addresses an op by its content, so the same step on the same input is one output in
 * whichever stage it is written. The key is the step as written with all that its meaning
 * depends on here (input, working directory, user, variables, the outputs it reads from): two
 * steps that differ in any of them are two outputs, even where BuildKit's op might be one.
 */
export function newLlbOutput(state: StageState, instruction: Instruction, env: BuildEnv): void {
  const reads = state.plan.dependencies
    .filter((d) => d.instruction === instruction && d.cause !== 'FROM')
    .map((d) => (d.stage !== undefined ? (env.finished.get(d.stage)?.llbOutput ?? `stage ${d.stage}`) : `image ${d.image}`));
  const vars = [...state.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = JSON.stringify([state.llbOutput, instruction.original, state.config.WorkingDir ?? '', state.config.User ?? '', vars, reads]);
  state.llbOutput = `op ${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
