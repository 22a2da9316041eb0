import type { ArgInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { expandIn } from '../expandIn.js';
import { recordHistory } from '../history.js';
import type { StageState } from '../stageState.js';

/**
 * ARG in a stage: a `--build-arg` wins (verbatim), then the ARG's own default (expanded), then
 * the global ARG of the same name. The value is visible to later expansions and RUN, never
 * written to the image's Env.
 */
export function runArg(state: StageState, instruction: ArgInstruction, env: BuildEnv): void {
  const parts: string[] = [];
  for (const { name, defaultValue } of instruction.args) {
    let value: string | undefined;
    const own = defaultValue === undefined ? undefined : expandIn(state, defaultValue, env);
    if (Object.hasOwn(env.buildArgs, name)) value = env.buildArgs[name];
    else if (own !== undefined) value = own;
    else value = env.plan.globalArgs.get(name);
    state.args.delete(name);
    state.args.set(name, value);
    state.declaredArgs.push(name);
    if (value !== undefined) state.vars.set(name, value);
    parts.push(own === undefined ? name : `${name}=${own}`);
  }
  recordHistory(state, `ARG ${parts.join(' ')}`, { emptyLayer: true });
}
