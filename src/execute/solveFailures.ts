import type { BuildFailure } from '../model/errors.js';
import type { Instruction } from '../model/instruction.js';
import type { BuildPlan, StagePlan } from '../plan/types.js';
import type { StageState } from './stageState.js';

/** How soon BuildKit meets a failure once it solves: lower is sooner. */
type Rank = 0 | 1 | 2;

/** Failures of BuildKit's cache-key pass, which hashes sources before any step runs. */
const isCacheKeyFailure = (f: BuildFailure): boolean => f.message.startsWith('failed to compute cache key');

/**
 * Which of the failures of a build's steps BuildKit reports. It solves every needed stage at
 * once: cache keys come before the steps they key run (a key over another stage's result only
 * once that stage's steps ran), file operations fail fast, and a RUN only after its container
 * started. A step after a failed one in its stage, or reading a stage that failed, never runs.
 */
export class SolveFailures {
  /** Stages a step failed in, and stages built FROM or reading one of those. */
  private readonly broken = new Set<number>();
  private first: { stage: number; failure: BuildFailure; rank: Rank } | undefined;

  constructor(
    private readonly plan: BuildPlan,
    private readonly finished: ReadonlyMap<number, StageState>,
  ) {}

  startStage(stage: StagePlan): void {
    if (stage.base.kind === 'stage' && this.broken.has(stage.base.index)) this.broken.add(stage.index);
  }

  /** Call before a step runs; returns what `note` needs to know of it. */
  before(stage: StagePlan, instruction: Instruction | undefined): { readsBroken: boolean; stageBroken: boolean } {
    const stageBroken = this.broken.has(stage.index);
    const readsBroken = this.reads(stage, instruction).some((i) => this.broken.has(i));
    if (readsBroken) this.broken.add(stage.index);
    return { readsBroken, stageBroken };
  }

  /** A step failed while BuildKit solves the build. */
  note(stage: StagePlan, instruction: Instruction | undefined, failure: BuildFailure, at: { readsBroken: boolean; stageBroken: boolean }): void {
    this.broken.add(stage.index);
    if (at.readsBroken) return;
    // After a failed step of its stage a step never runs, though its cache key still comes.
    if (at.stageBroken && !isCacheKeyFailure(failure)) return;
    const rank = this.rank(stage, instruction, failure);
    if (this.first === undefined || rank < this.first.rank) this.first = { stage: stage.index, failure, rank };
  }

  /** A context path the client did not send, found once every step named its paths: a cache-key failure. */
  noteLost(stage: number, failure: BuildFailure): void {
    if (this.first === undefined || this.first.rank > 0) this.first = { stage, failure, rank: 0 };
  }

  reported(): { stage: number; failure: BuildFailure } | undefined {
    return this.first;
  }

  private rank(stage: StagePlan, instruction: Instruction | undefined, failure: BuildFailure): Rank {
    if (!isCacheKeyFailure(failure)) return failure.code === 'run-failed' ? 2 : 1;
    // A key over another stage's result waits for that stage's own steps to run.
    const waits = this.reads(stage, instruction).filter((i) => this.finished.get(i)?.llbOutput.startsWith('op '));
    if (waits.length === 0) return 0;
    return waits.some((i) => this.chainRuns(i)) ? 2 : 1;
  }

  /** The stages a step reads (COPY --from, RUN --mount from). */
  private reads(stage: StagePlan, instruction: Instruction | undefined): number[] {
    if (instruction === undefined) return [];
    return stage.dependencies.flatMap((d) => (d.instruction === instruction && d.cause !== 'FROM' && d.stage !== undefined ? [d.stage] : []));
  }

  /** Whether a stage or one it is built FROM has a RUN. */
  private chainRuns(index: number): boolean {
    for (let s: StagePlan | undefined = this.plan.stages[index]; s; s = s.base.kind === 'stage' ? this.plan.stages[s.base.index] : undefined) {
      if (s.instructions.some((i) => i.kind === 'RUN')) return true;
    }
    return false;
  }
}
