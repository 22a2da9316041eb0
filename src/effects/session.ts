import type { Origin } from '../fs/tree.js';
import type { RunInstruction } from '../model/instruction.js';
import type { BuildResult, BuildWarning, DeclaredEffect } from '../model/result.js';
import type { BuildPlan } from '../plan/types.js';
import { originOf, type StageState } from '../execute/stageState.js';
import { collapseSpace, type LoadedEntry, type LoadedRunEffects } from './load.js';
import { deletePath, placeDir, placeLink, placeNode } from './place.js';
import { instantiate } from './template.js';

/**
 * The text a RUN's declarations are matched against: shell form as written (heredoc bodies and
 * delimiters on following lines), exec form's arguments joined by spaces, whitespace collapsed.
 */
export function runCommandText(instruction: RunInstruction): string {
  const { command } = instruction;
  let text = command.form === 'exec' ? command.args.join(' ') : command.text;
  for (const heredoc of instruction.heredocs) text += `\n${heredoc.content}${heredoc.name}`;
  return collapseSpace(text);
}

/** The stages a reference names: an index, or a name or `stage-N`, case-insensitively. */
function stagesNamed(plan: BuildPlan, ref: string): Set<number> {
  if (/^\d+$/.test(ref)) return new Set(Number(ref) < plan.stages.length ? [Number(ref)] : []);
  const lower = ref.toLowerCase();
  return new Set(plan.stages.filter((s) => s.name === lower || s.displayName.toLowerCase() === lower).map((s) => s.index));
}

/** Provenance of a declared entry: the host file it was read from, or the declaration itself. */
function sourceOf(declaration: string, host: string | undefined): string {
  return host !== undefined ? `host:${host}` : `run-effects:${declaration}`;
}

/**
 * Declarations applied to one build: RUN steps they match stand for the command, and stage
 * products overlay a stage as it finishes. Records what applied and what never did (typos).
 */
export class RunEffectsSession {
  /** The declarations that applied, in order. */
  readonly applied: DeclaredEffect[] = [];
  private readonly runStages: readonly (Set<number> | undefined)[];
  private readonly stageIndices: readonly Set<number>[];
  private readonly matchedRuns = new Set<number>();
  private readonly finishedStages = new Set<number>();

  constructor(
    private readonly effects: LoadedRunEffects,
    private readonly plan: BuildPlan,
  ) {
    this.runStages = effects.runs.map((r) => (r.stage === undefined ? undefined : stagesNamed(plan, r.stage)));
    this.stageIndices = effects.stages.map((s) => stagesNamed(plan, s.key));
  }

  /**
   * Applies the first `runs` entry matching this RUN (deletions, directories, files, links, in
   * that order) and returns true, or returns false when none matches.
   */
  applyRun(state: StageState, instruction: RunInstruction): boolean {
    const text = runCommandText(instruction);
    const index = this.effects.runs.findIndex((r, i) => (this.runStages[i]?.has(state.plan.index) ?? true) && r.test(text));
    if (index === -1) return false;
    const run = this.effects.runs[index]!;
    const stage = state.plan.displayName;
    const origin = (declaration: string, host?: string): Origin => originOf(state, instruction, sourceOf(declaration, host));
    for (const [i, path] of run.deletes.entries()) deletePath(state.tree, path, `${run.declaration}.delete[${i}]`, stage);
    for (const dir of run.dirs) placeDir(state.tree, dir, origin(dir.declaration));
    for (const file of run.files) this.place(state, file, (host) => origin(file.declaration, host));
    for (const link of run.links) placeLink(state.tree, link, origin(link.declaration));
    this.matchedRuns.add(index);
    this.applied.push({ declaration: run.declaration, stage, line: instruction.range.start.line, what: instruction.original });
    return true;
  }

  /**
   * Overlays the products declared for a finished stage; their real paths become known, so
   * `COPY --from` below them is exact even when other steps of the stage were not modelled.
   */
  finishStage(state: StageState): void {
    const { plan } = state;
    this.finishedStages.add(plan.index);
    const last = plan.instructions[plan.instructions.length - 1] ?? plan.from;
    const known = [...(state.known ?? [])];
    this.effects.stages.forEach((declared, i) => {
      if (!this.stageIndices[i]!.has(plan.index)) return;
      for (const entry of declared.produces) {
        const origin = (host: string | undefined): Origin => ({
          stage: plan.displayName,
          line: last.range.start.line,
          instruction: `run-effects ${entry.declaration}`,
          source: sourceOf(entry.declaration, host),
        });
        known.push(this.place(state, entry, origin));
        this.applied.push({ declaration: entry.declaration, stage: plan.displayName, what: entry.path });
      }
    });
    if (known.length > 0) state.known = known;
  }

  /** Declarations that never applied: most likely a typo in a command or a stage name. */
  warnings(): BuildWarning[] {
    const out: BuildWarning[] = [];
    this.effects.runs.forEach((run, i) => {
      if (this.matchedRuns.has(i)) return;
      const stages = this.runStages[i];
      if (stages?.size === 0) out.push({ message: `run effects: ${run.declaration}.stage "${run.stage}" names no stage of the Dockerfile` });
      else out.push({ message: `run effects: ${run.declaration} (${run.describe}) matched no RUN${run.stage !== undefined ? ` in stage ${run.stage}` : ''}` });
    });
    this.effects.stages.forEach((declared, i) => {
      const indices = [...this.stageIndices[i]!];
      if (indices.length === 0) {
        out.push({ message: `run effects: stages.${declared.key} names no stage of the Dockerfile` });
      } else if (!indices.some((index) => this.finishedStages.has(index))) {
        const stage = this.plan.stages[indices[0]!]!.displayName;
        out.push({ message: `run effects: stages.${declared.key}: stage ${stage} did not run, so its products were not used`, stage });
      }
    });
    return out;
  }

  private place(state: StageState, entry: LoadedEntry, origin: (host: string | undefined) => Origin): string {
    return placeNode(state.tree, entry.path, instantiate(entry.template, origin), entry.declaration, origin(undefined));
  }
}

/** The result with what the declarations did: those that applied, and warnings for those that never did. */
export function withRunEffects<R extends BuildResult>(result: R, session: RunEffectsSession | undefined): R {
  if (!session) return result;
  return { ...result, warnings: [...result.warnings, ...session.warnings()], declaredEffects: [...session.applied] };
}
