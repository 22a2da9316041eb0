import type { BuilderMode } from './builder.js';
import type { BuildFailure } from './errors.js';
import type { EntryType, HistoryEntry, ImageConfig, TreeEntry } from './image.js';

/** One stage of the Dockerfile and what the builder does with it. */
export interface StageReport {
  readonly index: number;
  /** Lower-cased `AS` name, if any. */
  readonly name?: string;
  /** The name Docker shows: the `AS` name or `stage-N`. */
  readonly displayName: string;
  /** The FROM value after expanding global ARGs (`node:16`, `scratch`, an earlier stage's name). */
  readonly base: string;
  /** built: ran to the end; failed: the build stopped in it; skipped: the builder never runs it; not-reached: an earlier failure stopped the build first. */
  readonly status: 'built' | 'failed' | 'skipped' | 'not-reached';
  /** Why it runs or is skipped. */
  readonly reason: string;
}

/** Where a path of the final image came from. */
export interface Provenance {
  readonly path: string;
  readonly stage: string;
  readonly line: number;
  readonly instruction: string;
  readonly source?: string;
}

export interface BuildWarning {
  readonly message: string;
  readonly line?: number;
  readonly stage?: string;
}

/** A step whose effect the emulator could not know, so the prediction around it is partial. */
export interface UnknownEffect {
  readonly stage: string;
  readonly line?: number;
  readonly what: string;
  readonly reason: string;
}

/** A run-effects declaration that stood in for a step the emulator cannot run. */
export interface DeclaredEffect {
  /** Where it is declared: `runs[0]`, `stages.build.produces[1]`. */
  readonly declaration: string;
  readonly stage: string;
  /** The RUN's line (for `runs` entries). */
  readonly line?: number;
  /** The RUN as written, or the path a stage produces. */
  readonly what: string;
}

/** One instruction as it ran (with `trace: true`): what it read and what it changed. */
export interface StepTrace {
  readonly stage: string;
  readonly line: number;
  readonly instruction: string;
  /** The variables the instruction refers to, with the values they had (null = unset). */
  readonly variables: Readonly<Record<string, string | null>>;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Config fields it changed. */
  readonly config: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
  /** The failure, when this step failed. */
  readonly error?: string;
}

/** A stage's files and config when it finished (with `emulate({ snapshots: true })`). */
export interface StageSnapshot {
  readonly index: number;
  /** The stage's display name. */
  readonly stage: string;
  readonly config: ImageConfig;
  /** Its entries in walk order (without content hashes, so no file is read for them). */
  readonly tree: readonly TreeEntry[];
  readonly provenance: readonly Provenance[];
}

/** A `.dockerignore` line that decided a path. */
export interface IgnoreLine {
  /** The ignore file (`.dockerignore`, `Dockerfile.dockerignore`). */
  readonly file: string;
  readonly line: number;
  /** The line as written. */
  readonly pattern: string;
}

/** What the build context sends (with `emulate({ listContext: true })`). */
export interface ContextListing {
  readonly ignoreFile?: string;
  /** Every sent path (relative, no leading `/`), in walk order. */
  readonly files: readonly { readonly path: string; readonly type: EntryType; readonly size: number }[];
  /** Paths left out, each with the ignore line that excluded it (none for a directory emptied by exclusions). */
  readonly excluded: readonly { readonly path: string; readonly rule?: IgnoreLine }[];
}

/** Everything `emulate()` predicts; plain data that survives JSON.stringify. */
export interface BuildResult {
  readonly status: 'success' | 'failure';
  readonly builder: BuilderMode;
  /** The target stage's display name. */
  readonly target: string | undefined;
  readonly stages: readonly StageReport[];
  /** Display names of the stages that ran, in order. */
  readonly order: readonly string[];
  readonly failure?: BuildFailure;
  /** The final image config as the builder stores it (BuildKit omits empty fields; classic keeps some as "" or null). */
  readonly config?: ImageConfig;
  readonly history: readonly HistoryEntry[];
  readonly tree: readonly TreeEntry[];
  readonly provenance: readonly Provenance[];
  readonly warnings: readonly BuildWarning[];
  readonly unknowns: readonly UnknownEffect[];
  /** True when some step's effect is unknown, so the tree may differ from a real build. */
  readonly partial: boolean;
  /** The run-effects declarations that applied, in the order they did (when `runEffects` was given). */
  readonly declaredEffects?: readonly DeclaredEffect[];
  /** Every instruction in the order it ran, when `emulate` was asked to `trace`. */
  readonly steps?: readonly StepTrace[];
  /** Every stage that finished, in build order, when `emulate` was asked for `snapshots`. */
  readonly snapshots?: readonly StageSnapshot[];
  /** The context as sent, when `emulate` was asked to `listContext` (absent if it was never read). */
  readonly context?: ContextListing;
}
