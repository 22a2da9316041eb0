import type { BuildContext } from '../context/buildContext.js';
import type { LoadedImage } from '../images/image.js';
import { DockerfileError, type BuildFailure } from '../model/errors.js';
import type { Directives, Instruction } from '../model/instruction.js';
import type { BuildPlan, StagePlan } from '../plan/types.js';
import type { BuildEnv, Warning } from './buildEnv.js';
import { runInstruction } from './handlers/index.js';
import type { StageState, UnknownStep } from './stageState.js';
import { startStage } from './startStage.js';

export interface ExecuteOptions {
  readonly plan: BuildPlan;
  readonly directives: Directives;
  readonly context: BuildContext;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly images: (ref: string) => LoadedImage | undefined;
  readonly parseTrigger: (text: string) => Instruction;
}

export interface ExecuteOutcome {
  readonly finished: ReadonlyMap<number, StageState>;
  /** The stage the build stopped in, when it failed. */
  readonly failedStage: number | undefined;
  readonly failure: BuildFailure | undefined;
  readonly warnings: readonly Warning[];
  readonly unknowns: readonly UnknownStep[];
}

function fail(error: unknown, stage: StagePlan, instruction: Instruction | undefined): BuildFailure {
  if (!(error instanceof DockerfileError)) throw error;
  const located = error.range ? error : new DockerfileError(error.code, error.message, instruction?.range ?? stage.from.range);
  return located.toFailure(stage.displayName);
}

/** The classic builder refuses a second stage of the same name when it reaches it. */
function duplicateName(plan: BuildPlan, stage: StagePlan): DockerfileError | undefined {
  if (plan.builder !== 'classic' || stage.name === undefined) return undefined;
  const earlier = plan.stages.slice(0, stage.index).some((s) => s.name === stage.name);
  return earlier ? new DockerfileError('duplicate-stage-name', `${stage.name} stage name already used`, stage.from.range) : undefined;
}

/** ONBUILD triggers of the base run first in the child, which does not inherit them. */
function takeTriggers(state: StageState): string[] {
  const triggers = state.config.OnBuild ?? [];
  state.config.OnBuild = state.builder === 'classic' ? null : undefined;
  return [...triggers];
}

/** Runs the stages the plan selected, in its order; the first error stops the build. */
export function executeBuild(options: ExecuteOptions): ExecuteOutcome {
  const { plan } = options;
  const finished = new Map<number, StageState>();
  const warnings: Warning[] = [];
  const unknowns: UnknownStep[] = [];
  const env: BuildEnv = {
    builder: plan.builder,
    plan,
    directives: options.directives,
    context: options.context,
    buildArgs: options.buildArgs,
    finished,
    image: options.images,
    parseTrigger: options.parseTrigger,
    warn: (w) => warnings.push(w),
    unknown: (u) => unknowns.push(u),
  };
  for (const index of plan.order) {
    const stage = plan.stages[index]!;
    let current: Instruction | undefined;
    try {
      const duplicate = duplicateName(plan, stage);
      if (duplicate) throw duplicate;
      const state = startStage(stage, env);
      for (const trigger of takeTriggers(state)) {
        current = { ...env.parseTrigger(trigger), range: stage.from.range };
        runInstruction(state, current, env);
      }
      for (const instruction of stage.instructions) {
        current = instruction;
        runInstruction(state, instruction, env);
      }
      if (plan.builder === 'classic' && index === plan.target && stage.base.kind === 'scratch' && stage.instructions.length === 0) {
        throw new DockerfileError('empty-dockerfile', 'No image was generated. Is your Dockerfile empty?');
      }
      finished.set(index, state);
    } catch (error) {
      return { finished, failedStage: index, failure: fail(error, stage, current), warnings, unknowns };
    }
  }
  return { finished, failedStage: undefined, failure: undefined, warnings, unknowns };
}
