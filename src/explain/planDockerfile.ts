import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError, type BuildFailure } from '../model/errors.js';
import type { ParsedDockerfile } from '../model/instruction.js';
import { parseDockerfile } from '../parse/parseDockerfile.js';
import { planBuild } from '../plan/planBuild.js';
import type { BuildPlan, Dependency } from '../plan/types.js';

/** Options of {@link planDockerfile}: those of `emulate` that decide the plan. */
export interface PlanDockerfileOptions {
  /** The Dockerfile's text. Give this, `dockerfilePath`, or a `context` directory holding a Dockerfile. */
  readonly dockerfile?: string;
  readonly dockerfilePath?: string;
  /** A context directory, only to find its `Dockerfile`: no context file is read. */
  readonly context?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** One stage of the Dockerfile. */
export interface PlannedStage {
  readonly index: number;
  readonly name?: string;
  readonly displayName: string;
  /** The FROM value after expanding global ARGs. */
  readonly base: string;
  readonly baseKind: 'scratch' | 'stage' | 'image';
  /** The FROM line. */
  readonly line: number;
}

/** An edge of the stage graph: `stage` needs `needs` (an earlier stage's index or an external image). */
export interface PlannedEdge {
  readonly stage: number;
  readonly needs: { readonly stage: number } | { readonly image: string };
  readonly cause: Dependency['cause'];
  /** The value as written (`--from=build` gives `build`). */
  readonly written: string;
  readonly line: number;
  /** The builders whose plan has this edge (classic knows no `RUN --mount`, and resolves some references differently). */
  readonly builders: readonly BuilderMode[];
}

/** What one builder runs for the target. */
export interface BuilderDecision {
  readonly builder: BuilderMode;
  /** The target stage's display name (undefined when planning failed). */
  readonly target?: string;
  /** Display names of the stages it runs, in order. */
  readonly order: readonly string[];
  /** Per stage, in file order: whether it runs, its position in the order, and why. */
  readonly stages: readonly { readonly stage: string; readonly runs: boolean; readonly step?: number; readonly reason: string }[];
  /** Why planning failed (a parse error, an unknown target, a cycle…). */
  readonly failure?: BuildFailure;
}

/** The stage graph and what each builder runs: `dockerfile-sim plan` as data. */
export interface DockerfilePlan {
  readonly stages: readonly PlannedStage[];
  readonly edges: readonly PlannedEdge[];
  readonly buildkit: BuilderDecision;
  readonly classic: BuilderDecision;
}

async function dockerfileText(options: PlanDockerfileOptions): Promise<string> {
  if (options.dockerfile !== undefined) return options.dockerfile;
  if (options.dockerfilePath !== undefined) return readFile(options.dockerfilePath, 'utf8');
  if (options.context === undefined) throw new TypeError('planDockerfile(): option "dockerfile" must be given');
  for (const name of ['Dockerfile', 'dockerfile']) {
    const path = join(options.context, name);
    if (await stat(path).then((s) => s.isFile(), () => false)) return readFile(path, 'utf8');
  }
  return readFile(join(options.context, 'Dockerfile'), 'utf8');
}

function failed(builder: BuilderMode, error: DockerfileError): BuilderDecision {
  return { builder, order: [], stages: [], failure: error.toFailure() };
}

function decision(plan: BuildPlan): BuilderDecision {
  const name = (i: number): string => plan.stages[i]!.displayName;
  return {
    builder: plan.builder,
    target: name(plan.target),
    order: plan.order.map(name),
    stages: plan.decisions.map((d) => {
      const step = plan.order.indexOf(d.index);
      return { stage: name(d.index), runs: d.runs, ...(step >= 0 ? { step: step + 1 } : {}), reason: d.reason };
    }),
  };
}

/** Each builder's edges merged: one edge per (stage, needed, cause, line), listing the builders that have it. */
function mergeEdges(plans: readonly BuildPlan[]): PlannedEdge[] {
  const edges = new Map<string, PlannedEdge>();
  for (const plan of plans) {
    for (const stage of plan.stages) {
      for (const dep of stage.dependencies) {
        const needs = dep.stage !== undefined ? { stage: dep.stage } : { image: dep.image ?? dep.written };
        const line = dep.range.start.line;
        const key = JSON.stringify([stage.index, needs, dep.cause, line, dep.written]);
        const seen = edges.get(key);
        edges.set(key, seen ? { ...seen, builders: [...seen.builders, plan.builder] } : { stage: stage.index, needs, cause: dep.cause, written: dep.written, line, builders: [plan.builder] });
      }
    }
  }
  return [...edges.values()].sort((a, b) => a.stage - b.stage || a.line - b.line);
}

/**
 * Parses and plans a Dockerfile for both builders without reading any context file: the stage
 * graph (every edge with its cause) and, per builder, which stages run for the target, in which
 * order, and why each other stage is skipped. A Dockerfile that fails to plan gives a
 * `failure` per builder; only misuse of the options throws.
 */
export async function planDockerfile(options: PlanDockerfileOptions): Promise<DockerfilePlan> {
  if (typeof options !== 'object' || options === null) throw new TypeError('planDockerfile(): options must be an object');
  const text = await dockerfileText(options);
  let parsed: ParsedDockerfile;
  try {
    parsed = parseDockerfile(text);
  } catch (error) {
    if (!(error instanceof DockerfileError)) throw error;
    return { stages: [], edges: [], buildkit: failed('buildkit', error), classic: failed('classic', error) };
  }
  const plans: BuildPlan[] = [];
  const decide = (builder: BuilderMode): BuilderDecision => {
    try {
      const plan = planBuild(parsed, { builder, target: options.target, buildArgs: options.buildArgs ?? {} });
      plans.push(plan);
      return decision(plan);
    } catch (error) {
      if (!(error instanceof DockerfileError)) throw error;
      return failed(builder, error);
    }
  };
  const buildkit = decide('buildkit');
  const classic = decide('classic');
  // An unknown target fails both plans; the graph itself is still worth showing.
  const graph = plans.length > 0 ? plans : untargeted(parsed, options);
  const stages: PlannedStage[] = (graph[0]?.stages ?? []).map((s) => ({
    index: s.index,
    ...(s.name !== undefined ? { name: s.name } : {}),
    displayName: s.displayName,
    base: s.baseName,
    baseKind: s.base.kind,
    line: s.from.range.start.line,
  }));
  return { stages, edges: mergeEdges(graph), buildkit, classic };
}

function untargeted(parsed: ParsedDockerfile, options: PlanDockerfileOptions): BuildPlan[] {
  return (['buildkit', 'classic'] as const).flatMap((builder) => {
    try {
      return [planBuild(parsed, { builder, buildArgs: options.buildArgs ?? {} })];
    } catch (error) {
      if (!(error instanceof DockerfileError)) throw error;
      return [];
    }
  });
}
