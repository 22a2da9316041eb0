import { expandWord } from '../expand/expandWord.js';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';
import type { ArgInstruction, FromInstruction, Instruction, ParsedDockerfile } from '../model/instruction.js';
import { withSuggestion } from '../util/suggest.js';
import { resolveGlobalArgs } from './globalArgs.js';
import { InvalidReferenceError, parseImageRef } from './imageRef.js';
import { decideStages } from './selectStages.js';
import type { BuildPlan, Dependency, StageBase, StagePlan } from './types.js';

export interface PlanOptions {
  readonly builder: BuilderMode;
  readonly target?: string | undefined;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** What the classic builder says when `--platform` expands to nothing (its platform parser's words). */
const EMPTY_PLATFORM =
  'failed to parse platform : "" is an invalid OS component of "": OSAndVersion specifier component must match "^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.-]*)\\\\))?$": invalid argument';

interface RawStage {
  readonly from: FromInstruction;
  readonly instructions: Instruction[];
}

/** Splits the file into global ARGs and stages; only ARG may come before the first FROM. */
function splitStages(parsed: ParsedDockerfile): { metaArgs: ArgInstruction[]; stages: RawStage[] } {
  const metaArgs: ArgInstruction[] = [];
  const stages: RawStage[] = [];
  for (const instruction of parsed.instructions) {
    if (instruction.kind === 'FROM') stages.push({ from: instruction, instructions: [] });
    else if (stages.length > 0) stages[stages.length - 1]!.instructions.push(instruction);
    else if (instruction.kind === 'ARG') metaArgs.push(instruction);
    else throw new DockerfileError('parse-error', 'no build stage in current context', instruction.range);
  }
  return { metaArgs, stages };
}

function stageName(from: FromInstruction): string | undefined {
  return from.stageName?.text.toLowerCase();
}

/** Parses the stages, resolves every stage reference and decides what the builder runs. */
export function planBuild(parsed: ParsedDockerfile, options: PlanOptions): BuildPlan {
  const { builder } = options;
  const { metaArgs, stages: raw } = splitStages(parsed);
  if (raw.length === 0) {
    throw new DockerfileError('no-stages', 'dockerfile contains no stages to build');
  }
  const globalArgs = resolveGlobalArgs(metaArgs, options.buildArgs ?? {}, builder, parsed.directives);
  const expandGlobal = (text: string, ins: Instruction): string => {
    try {
      return expandWord(text, (n) => globalArgs.get(n), { escapeToken: parsed.directives.escape });
    } catch (e) {
      throw e instanceof DockerfileError ? new DockerfileError(e.code, e.message, ins.range) : e;
    }
  };

  const stages: StagePlan[] = [];
  // BuildKit parses image references only after the target, the stage references and the cycle
  // check, all at once in goroutines: the last one started (FROMs, then `COPY --from` images)
  // usually reports first, as Go runs the newest goroutine next.
  const referenceErrors: DockerfileError[] = [];
  raw.forEach(({ from, instructions }, index) => {
    const name = stageName(from);
    let fromError: DockerfileError | undefined;
    // BuildKit checks every FROM while converting; the classic builder when it reaches the stage.
    const check = (fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        if (!(e instanceof DockerfileError) || builder === 'buildkit') throw e;
        fromError ??= e;
      }
    };
    let baseName = '';
    check(() => {
      baseName = expandGlobal(from.image.text, from);
      if (baseName === '') {
        throw new DockerfileError('invalid-argument', `base name (${from.image.text}) should not be blank`, from.range);
      }
    });
    let platform: string | undefined;
    check(() => {
      platform = from.platform?.value !== undefined ? expandGlobal(from.platform.value, from) : undefined;
      if (platform === '' && builder === 'classic') throw new DockerfileError('invalid-argument', EMPTY_PLATFORM, from.range);
    });
    let base: StageBase = { kind: 'scratch' };
    if (baseName !== '') {
      base = { kind: 'image', ref: baseName };
      check(() => {
        base = resolveBase(baseName, stages, builder, from, referenceErrors);
      });
    }
    const displayName = name ?? `stage-${index}`;
    const stage: StagePlan = {
      index,
      name,
      displayName,
      from,
      baseName,
      base,
      platform,
      instructions,
      dependencies: [],
      fromError,
    };
    stages.push(stage);
  });

  const target = selectTarget(stages, options.target, builder);
  const withDeps = stages.map((stage) => ({ ...stage, dependencies: dependenciesOf(stage, stages, builder, referenceErrors) }));
  if (builder === 'buildkit') detectCycles(withDeps);
  const referenceError = referenceErrors.at(-1);
  if (referenceError) throw referenceError;
  const { order, decisions } = decideStages(withDeps, target, builder);
  return { builder, metaArgs, globalArgs, stages: withDeps, target, order, decisions };
}

function resolveBase(
  baseName: string,
  earlier: readonly StagePlan[],
  builder: BuilderMode,
  from: FromInstruction,
  referenceErrors: DockerfileError[],
): StageBase {
  // BuildKit looks the expanded name up exactly (stage names are stored lower-cased), the
  // classic builder case-insensitively; the most recent earlier stage of that name wins.
  const key = builder === 'buildkit' ? baseName : baseName.toLowerCase();
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (earlier[i]!.name === key) return { kind: 'stage', index: i };
  }
  if (baseName === 'scratch') return { kind: 'scratch' };
  try {
    return { kind: 'image', ref: parseImageRef(baseName).familiar };
  } catch (e) {
    if (!(e instanceof InvalidReferenceError)) throw e;
    // The classic builder fails when it reaches the stage (the caller's fromError).
    if (builder === 'classic') throw new DockerfileError('invalid-stage-reference', e.message, from.range);
    referenceErrors.push(new DockerfileError('invalid-stage-reference', `failed to parse stage name "${baseName}": ${e.message}`, from.range));
    return { kind: 'image', ref: baseName };
  }
}

function dependenciesOf(stage: StagePlan, stages: readonly StagePlan[], builder: BuilderMode, referenceErrors: DockerfileError[]): Dependency[] {
  const deps: Dependency[] = [];
  if (stage.base.kind === 'stage') {
    deps.push({ cause: 'FROM', stage: stage.base.index, image: undefined, written: stage.baseName, range: stage.from.range, instruction: stage.from, error: undefined });
  } else if (stage.base.kind === 'image') {
    deps.push({ cause: 'FROM', stage: undefined, image: stage.base.ref, written: stage.baseName, range: stage.from.range, instruction: stage.from, error: undefined });
  }
  for (const instruction of stage.instructions) {
    if (instruction.kind === 'COPY' && instruction.from?.value !== undefined) {
      deps.push(copyFromDependency(instruction, instruction.from.value, stage, stages, builder, referenceErrors));
    } else if (instruction.kind === 'RUN' && builder === 'buildkit') {
      for (const mount of instruction.mounts) {
        const from = mount.options.get('from');
        if (from !== undefined) deps.push(mountFromDependency(instruction, from, stage, stages, referenceErrors));
      }
    }
  }
  return deps;
}

function lastStageNamed(name: string, stages: readonly StagePlan[], before = stages.length): StagePlan | undefined {
  for (let i = before - 1; i >= 0; i--) if (stages[i]!.name === name) return stages[i];
  return undefined;
}

function imageDependency(
  cause: Dependency['cause'],
  instruction: Instruction,
  written: string,
  builder: BuilderMode,
  referenceErrors: DockerfileError[],
): Dependency {
  try {
    const ref = parseImageRef(written).familiar;
    return { cause, stage: undefined, image: ref, written, range: instruction.range, instruction, error: undefined };
  } catch (e) {
    if (!(e instanceof InvalidReferenceError)) throw e;
    const message =
      builder === 'classic' ? `invalid from flag value ${written}: ${e.message}` : `failed to parse stage name "${written}": ${e.message}`;
    if (builder === 'buildkit') referenceErrors.push(new DockerfileError('invalid-stage-reference', message, instruction.range));
    return { cause, stage: undefined, image: written, written, range: instruction.range, instruction, error: builder === 'classic' ? message : undefined };
  }
}

function copyFromDependency(
  instruction: Instruction,
  written: string,
  stage: StagePlan,
  stages: readonly StagePlan[],
  builder: BuilderMode,
  referenceErrors: DockerfileError[],
): Dependency {
  const edge = (index: number, error?: string): Dependency => ({
    cause: 'COPY --from',
    stage: index,
    image: undefined,
    written,
    range: instruction.range,
    instruction,
    error,
  });
  const isIndex = /^[+-]?\d+$/.test(written);
  if (builder === 'buildkit') {
    // BuildKit: a number is an index, else the last stage of that name, else an image.
    if (isIndex) {
      const index = Number(written);
      if (index < 0 || index >= stages.length) {
        throw new DockerfileError('invalid-stage-reference', `invalid stage index ${index}`, instruction.range);
      }
      return edge(index, forwardError(stages[index]!, stage, written));
    }
    const named = lastStageNamed(written.toLowerCase(), stages);
    if (named) return edge(named.index, forwardError(named, stage, written));
    // Like FROM, `scratch` is the empty filesystem, not an image to pull.
    if (written === 'scratch') return { cause: 'COPY --from', stage: undefined, image: 'scratch', written, range: instruction.range, instruction, error: undefined };
    return imageDependency('COPY --from', instruction, written, builder, referenceErrors);
  }
  // Classic: only stages already built are known by name; then an index; then an image.
  const named = lastStageNamed(written.toLowerCase(), stages, stage.index);
  if (named) return edge(named.index);
  if (isIndex) {
    const index = Number(written);
    if (index === stage.index) return edge(index, `invalid from flag value ${written}: refers to current build stage`);
    if (index < 0 || index > stage.index) return edge(index < 0 ? 0 : index, `invalid from flag value ${written}: index out of bounds`);
    return edge(index);
  }
  return imageDependency('COPY --from', instruction, written, builder, referenceErrors);
}

function forwardError(source: StagePlan, current: StagePlan, written: string): string | undefined {
  // A stage copying from itself is a cycle, reported by detectCycles.
  if (source.index <= current.index) return undefined;
  return `cannot copy from stage "${written}", it needs to be defined before current stage "${current.displayName}"`;
}

function mountFromDependency(
  instruction: Instruction,
  written: string,
  stage: StagePlan,
  stages: readonly StagePlan[],
  referenceErrors: DockerfileError[],
): Dependency {
  const named = lastStageNamed(written.toLowerCase(), stages);
  if (!named) return imageDependency('RUN --mount', instruction, written, 'buildkit', referenceErrors);
  const error =
    named.index > stage.index
      ? `cannot mount from stage "${named.displayName}" to "${stage.displayName}", stage needs to be defined before current command`
      : undefined;
  return { cause: 'RUN --mount', stage: named.index, image: undefined, written, range: instruction.range, instruction, error };
}

function selectTarget(stages: readonly StagePlan[], target: string | undefined, builder: BuilderMode): number {
  if (target === undefined) return stages.length - 1;
  const key = target.toLowerCase();
  // BuildKit takes the last stage of that name, the classic builder stops at the first.
  const found = builder === 'buildkit' ? lastStageNamed(key, stages) : stages.find((s) => s.name === key);
  if (found) return found.index;
  const names = stages.flatMap((s) => (s.name !== undefined ? [s.name] : []));
  const message = `target stage "${target}" could not be found`;
  throw new DockerfileError('unknown-target', builder === 'buildkit' ? withSuggestion(message, target, names) : message);
}

/** BuildKit refuses any cycle among all stages, reachable or not. */
function detectCycles(stages: readonly StagePlan[]): void {
  const state = new Map<number, 'visiting' | 'done'>();
  // The error points at the instruction whose edge closes the cycle.
  const visit = (index: number, via: Dependency | undefined): void => {
    const s = state.get(index);
    if (s === 'done') return;
    const stage = stages[index]!;
    if (s === 'visiting') {
      throw new DockerfileError('circular-dependency', `circular dependency detected on stage: ${stage.displayName}`, via?.range);
    }
    state.set(index, 'visiting');
    for (const dep of stage.dependencies) if (dep.stage !== undefined) visit(dep.stage, dep);
    state.set(index, 'done');
  };
  stages.forEach((_, i) => visit(i, undefined));
}
