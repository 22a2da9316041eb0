import type { BuildContext } from '../context/buildContext.js';
import type { RunEffectsSession } from '../effects/session.js';
import type { LoadedImage } from '../images/image.js';
import type { BuilderMode } from '../model/builder.js';
import type { Directives, Instruction } from '../model/instruction.js';
import type { BuildPlan } from '../plan/types.js';
import type { ContextTransfer } from './contextTransfer.js';
import type { StageState, UnknownStep } from './stageState.js';

export interface Warning {
  readonly message: string;
  readonly line?: number;
  readonly stage?: string;
}

/** What every handler may read besides its own stage: the context, other stages, images. */
export interface BuildEnv {
  readonly builder: BuilderMode;
  readonly plan: BuildPlan;
  readonly directives: Directives;
  readonly context: BuildContext;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Finished stages by index (only those that ran). */
  readonly finished: ReadonlyMap<number, StageState>;
  /** An external image by reference, or undefined when no fixture was given for it. */
  image(ref: string): LoadedImage | undefined;
  /** Parses an ONBUILD trigger (injected, so that execution never depends on the parser). */
  parseTrigger(text: string): Instruction;
  warn(warning: Warning): void;
  unknown(step: UnknownStep): void;
  /** BuildKit: the context paths the build names, and the reads that need them. */
  readonly transfer?: ContextTransfer | undefined;
  /** The user's declarations of what RUN steps and stages produce, when given. */
  readonly runEffects?: RunEffectsSession | undefined;
}
