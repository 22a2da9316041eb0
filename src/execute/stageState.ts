import type { FsTree, Origin } from '../fs/tree.js';
import type { BuilderMode } from '../model/builder.js';
import type { HistoryEntry, ImageConfig } from '../model/image.js';
import type { Instruction } from '../model/instruction.js';
import type { StagePlan } from '../plan/types.js';

/** A step whose effect on files the emulator could not know (a RUN it cannot run, an image it lacks). */
export interface UnknownStep {
  readonly stage: string;
  readonly line: number | undefined;
  readonly what: string;
  readonly reason: string;
}

/**
 * Everything one stage has built so far. Handlers change it in place; a stage that starts FROM
 * another gets a copy (the file tree is forked copy-on-write, the rest cloned).
 */
export interface StageState {
  readonly plan: StagePlan;
  readonly builder: BuilderMode;
  tree: FsTree;
  config: ImageConfig;
  history: HistoryEntry[];
  /**
   * Variables for expansion. BuildKit: config Env plus declared ARG values, last writer wins.
   * Classic: only ARG values (config Env is consulted first, see lookupVariable).
   */
  vars: Map<string, string>;
  /** ARGs declared in this stage so far with their values, in declaration order (RUN history, classic lookup). */
  args: Map<string, string | undefined>;
  /**
   * BuildKit: the names this stage's own ARG instructions declared, in order and as often as
   * declared; its RUN history lines list them all, a stage built FROM another none of the parent's.
   */
  declaredArgs: string[];
  /** Whether a CMD was set in this stage, which keeps a later ENTRYPOINT from clearing it. */
  cmdSet: boolean;
  /**
   * BuildKit: the LLB output the stage's filesystem now is — `scratch`, `image <ref>`, or its last
   * filesystem operation. On scratch an owner name has no /etc/passwd to be read from, and a
   * `COPY --from` whose source is the destination's own output (or scratch) gets no content
   * cache key.
   */
  llbOutput: string;
  /** Built on an image stand-in that lists only some files (see LoadedImage.standIn). */
  standIn: boolean;
  /** True once a step ran whose effect on files is unknown: later reads of this tree are partial. */
  partial: boolean;
  /**
   * Real paths whose contents were declared (run-effects stage products): `COPY --from` below
   * them is exact even when the stage is partial. Not copied to a stage built FROM this one,
   * whose own steps may change them.
   */
  known?: readonly string[];
}

export const SCRATCH_OUTPUT = 'scratch';


export function cloneState(parent: StageState, plan: StagePlan): StageState {
  return {
    plan,
    builder: parent.builder,
    tree: parent.tree.fork(),
    config: structuredClone(parent.config),
    history: [...parent.history],
    vars: new Map(parent.vars),
    args: new Map(parent.args),
    declaredArgs: [],
    cmdSet: false,
    llbOutput: parent.llbOutput,
    standIn: parent.standIn,
    partial: parent.partial,
  };
}

/** The value of a variable as the builder sees it when expanding a word. */
export function lookupVariable(state: StageState, name: string): string | undefined {
  if (state.builder === 'classic') {
    // The classic builder: ENV always wins over ARG, whatever their order.
    const env = envValue(state.config, name);
    return env ?? state.vars.get(name);
  }
  return state.vars.get(name);
}

export function envValue(config: ImageConfig, name: string): string | undefined {
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if ((eq === -1 ? entry : entry.slice(0, eq)) === name) return eq === -1 ? '' : entry.slice(eq + 1);
  }
  return undefined;
}

/** Replaces a key in place or appends it, as Docker does for ENV. */
export function setEnv(config: ImageConfig, name: string, value: string): void {
  const env = config.Env ?? [];
  const i = env.findIndex((e) => e === name || e.startsWith(`${name}=`));
  if (i === -1) env.push(`${name}=${value}`);
  else env[i] = `${name}=${value}`;
  config.Env = env;
}

export function originOf(state: StageState, instruction: Instruction, source?: string): Origin {
  return {
    stage: state.plan.displayName,
    line: instruction.range.start.line,
    instruction: instruction.original,
    ...(source !== undefined ? { source } : {}),
  };
}
