import type { BuildContext } from '../context/buildContext.js';
import type { RunEffectsSession } from '../effects/session.js';
import type { LoadedImage } from '../images/image.js';
import { DockerfileError, type BuildFailure, type FailureCode } from '../model/errors.js';
import type { Directives, Instruction } from '../model/instruction.js';
import type { StepTrace } from '../model/result.js';
import type { BuildPlan, StagePlan } from '../plan/types.js';
import type { BuildEnv, Warning } from './buildEnv.js';
import { ContextTransfer } from './contextTransfer.js';
import { runInstruction } from './handlers/index.js';
import type { StageState, UnknownStep } from './stageState.js';
import { SolveFailures } from './solveFailures.js';
import { startStage } from './startStage.js';
import { traceStep } from './trace.js';

export interface ExecuteOptions {
  readonly plan: BuildPlan;
  readonly directives: Directives;
  readonly context: BuildContext;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly images: (ref: string) => LoadedImage | undefined;
  readonly parseTrigger: (text: string) => Instruction;
  /** Record every instruction's effect (for `explain`). */
  readonly trace?: boolean;
  /** Declared effects of RUN steps and stage products. */
  readonly runEffects?: RunEffectsSession | undefined;
}

export interface ExecuteOutcome {
  readonly finished: ReadonlyMap<number, StageState>;
  /** The stage the build stopped in, when it failed. */
  readonly failedStage: number | undefined;
  readonly failure: BuildFailure | undefined;
  /** True when BuildKit would fail while converting the Dockerfile, before any stage runs. */
  readonly beforeAnyStage: boolean;
  readonly warnings: readonly Warning[];
  readonly unknowns: readonly UnknownStep[];
  readonly steps: readonly StepTrace[];
}

/**
 * Failures that happen while BuildKit executes steps; every other one happens while it converts
 * the Dockerfile, which it does for all needed stages before running any.
 */
// Not 'limit-exceeded': a limit stops the build at once, going on would redo the work it bounds.
const SOLVE_TIME = new Set<FailureCode>(['source-not-found', 'no-source-files', 'file-conflict', 'invalid-chown', 'run-failed', 'missing-image']);

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
  const steps: StepTrace[] = [];
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
    runEffects: options.runEffects,
    transfer: plan.builder === 'buildkit' ? new ContextTransfer(options.context.tree) : undefined,
  };
  // BuildKit reports a conversion error of any needed stage before any step's own failure, so
  // after a step fails it goes on through the remaining instructions looking for one.
  const solve = new SolveFailures(plan, finished);
  const step = (stage: StagePlan, instruction: Instruction | undefined, run: () => void): BuildFailure | undefined => {
    const at = solve.before(stage, instruction);
    try {
      run();
      return undefined;
    } catch (error) {
      const failure = fail(error, stage, instruction);
      if (plan.builder === 'classic' || !SOLVE_TIME.has(failure.code)) return failure;
      solve.note(stage, instruction, failure, at);
      return undefined;
    }
  };
  for (const index of plan.order) {
    const stage = plan.stages[index]!;
    solve.startStage(stage);
    let state: StageState | undefined;
    const failure =
      step(stage, undefined, () => {
        const duplicate = duplicateName(plan, stage);
        if (duplicate) throw duplicate;
        state = startStage(stage, env);
      }) ??
      runStage(stage, state!, env, step, options.trace ? steps : undefined) ??
      step(stage, undefined, () => {
        if (plan.builder === 'classic' && index === plan.target && stage.base.kind === 'scratch' && stage.instructions.length === 0) {
          throw new DockerfileError('empty-dockerfile', 'No image was generated. Is your Dockerfile empty?');
        }
      });
    if (failure) {
      return { finished, failedStage: index, failure, beforeAnyStage: plan.builder === 'buildkit', warnings, unknowns, steps };
    }
    // Declared products overlay a stage as it finishes, before any other stage reads it.
    if (solve.reported() === undefined) options.runEffects?.finishStage(state!);
    if (state) finished.set(index, state);
  }
  // Only now are all the context paths the build names known, and with them what BuildKit sent.
  const lost = env.transfer?.firstFailure();
  if (lost) solve.noteLost(lost.stage, fail(lost.error, plan.stages[lost.stage]!, lost.instruction));
  const stepFailure = solve.reported();
  if (stepFailure) {
    return { finished, failedStage: stepFailure.stage, failure: stepFailure.failure, beforeAnyStage: false, warnings, unknowns, steps };
  }
  return { finished, failedStage: undefined, failure: undefined, beforeAnyStage: false, warnings, unknowns, steps };
}

type Step = (stage: StagePlan, instruction: Instruction | undefined, run: () => void) => BuildFailure | undefined;

/** The base's ONBUILD triggers, then the stage's own instructions (each traced when asked). */
function runStage(stage: StagePlan, state: StageState, env: BuildEnv, step: Step, steps: StepTrace[] | undefined): BuildFailure | undefined {
  const run = (instruction: Instruction): BuildFailure | undefined => {
    const done = steps ? traceStep(state, instruction, env.directives.escape) : undefined;
    const failure = step(stage, instruction, () => runInstruction(state, instruction, env));
    if (done) steps!.push(done(failure?.message));
    return failure;
  };
  for (const trigger of takeTriggers(state)) {
    let instruction: Instruction | undefined;
    const failure = step(stage, undefined, () => {
      instruction = { ...env.parseTrigger(trigger), range: stage.from.range };
    }) ?? run(instruction!);
    if (failure) return failure;
  }
  for (const instruction of stage.instructions) {
    const failure = run(instruction);
    if (failure) return failure;
  }
  return undefined;
}
