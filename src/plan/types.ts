import type { BuilderMode } from '../model/builder.js';
import type { DockerfileError } from '../model/errors.js';
import type { ArgInstruction, FromInstruction, Instruction } from '../model/instruction.js';
import type { SourceRange } from '../model/source.js';

/** What a stage starts from. */
export type StageBase =
  | { readonly kind: 'scratch' }
  | { readonly kind: 'stage'; readonly index: number }
  | { readonly kind: 'image'; readonly ref: string };

/** Why one stage needs another stage or an image. */
export interface Dependency {
  readonly cause: 'FROM' | 'COPY --from' | 'RUN --mount' | 'ONBUILD';
  /** Index of the stage depended on, or undefined for an external image. */
  readonly stage: number | undefined;
  /** The image reference when the dependency is an external image. */
  readonly image: string | undefined;
  /** The value as written (`--from=build`). */
  readonly written: string;
  readonly range: SourceRange;
  /** The instruction that creates the edge (the FROM, COPY or RUN). */
  readonly instruction: Instruction;
  /**
   * A reference the builder rejects when it reaches the instruction (classic: a later or the
   * current stage; BuildKit: a stage defined later), with the builder's message.
   */
  readonly error: string | undefined;
}

export interface StagePlan {
  readonly index: number;
  /** Lower-cased name from `AS name`, if any. */
  readonly name: string | undefined;
  /** The name Docker shows in progress and errors: the name, or `stage-N`. */
  readonly displayName: string;
  readonly from: FromInstruction;
  /** The base name after expanding global ARGs (`node:16`, `scratch`, `build`). */
  readonly baseName: string;
  readonly base: StageBase;
  readonly platform: string | undefined;
  readonly instructions: readonly Instruction[];
  readonly dependencies: readonly Dependency[];
  /** A FROM the classic builder rejects only when it reaches the stage (blank name, bad platform). */
  readonly fromError: DockerfileError | undefined;
}

export type SkipReason =
  | { readonly kind: 'not-needed' } // BuildKit: the target does not depend on it
  | { readonly kind: 'after-target' }; // classic: it comes after the target in the file

export interface StageDecision {
  readonly index: number;
  readonly runs: boolean;
  /** Why it runs (BuildKit: the chain of dependencies from the target; classic: file order). */
  readonly reason: string;
  readonly skip: SkipReason | undefined;
}

export interface BuildPlan {
  readonly builder: BuilderMode;
  readonly metaArgs: readonly ArgInstruction[];
  /** Global ARG values visible to FROM lines (undefined = declared without value). */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly stages: readonly StagePlan[];
  readonly target: number;
  /** Stages that run, in the order the builder runs them. */
  readonly order: readonly number[];
  readonly decisions: readonly StageDecision[];
}
