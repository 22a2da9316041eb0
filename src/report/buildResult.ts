import type { StageState } from '../execute/stageState.js';
import type { ExecuteOutcome } from '../execute/executeBuild.js';
import { serializeConfig } from '../execute/serializeConfig.js';
import type { BuildFailure } from '../model/errors.js';
import type { BuildResult, Provenance, StageReport } from '../model/result.js';
import type { BuildPlan } from '../plan/types.js';
import { treeEntries } from './treeEntries.js';

function stageReports(plan: BuildPlan, outcome: ExecuteOutcome): StageReport[] {
  const ran = new Set(ranStages(plan, outcome));
  return plan.stages.map((stage) => {
    const decision = plan.decisions[stage.index]!;
    const status: StageReport['status'] = !decision.runs
      ? 'skipped'
      : outcome.failedStage === stage.index
        ? 'failed'
        : ran.has(stage.index) && outcome.finished.has(stage.index)
          ? 'built'
          : 'not-reached';
    return {
      index: stage.index,
      ...(stage.name !== undefined ? { name: stage.name } : {}),
      displayName: stage.displayName,
      base: stage.baseName,
      status,
      reason: decision.reason,
    };
  });
}

function provenanceOf(state: StageState): Provenance[] {
  const out: Provenance[] = [];
  for (const [path, node] of state.tree.walk()) {
    if (node.origin) out.push({ path, ...node.origin });
  }
  return out;
}

/**
 * The stages that started, in order: none when BuildKit fails converting the Dockerfile; for
 * the classic builder not the stage whose FROM it refused as a duplicate name.
 */
function ranStages(plan: BuildPlan, outcome: ExecuteOutcome): number[] {
  if (outcome.beforeAnyStage) return [];
  const stopAt = plan.order.indexOf(outcome.failedStage ?? -1);
  // BuildKit runs the needed stages at once: besides those before the failure, a stage FROM an
  // image has started loading it.
  const started =
    stopAt === -1
      ? plan.order
      : plan.order.filter((i, at) => at <= stopAt || (plan.builder === 'buildkit' && plan.stages[i]!.base.kind === 'image'));
  return started.filter((i) => i !== outcome.failedStage || outcome.failure?.code !== 'duplicate-stage-name');
}

/** A result for a build that failed before any stage ran (parse or plan errors). */
export function earlyFailure(builder: BuildResult['builder'], failure: BuildFailure): BuildResult {
  return {
    status: 'failure',
    builder,
    target: undefined,
    stages: [],
    order: [],
    failure,
    history: [],
    tree: [],
    provenance: [],
    warnings: [],
    unknowns: [],
    partial: false,
  };
}

/** Turns the executed plan into the plain-data result. */
export function buildResult(plan: BuildPlan, outcome: ExecuteOutcome): BuildResult {
  const final = outcome.failure ? undefined : outcome.finished.get(plan.target);
  const order = ranStages(plan, outcome).map((i) => plan.stages[i]!.displayName);
  return {
    status: outcome.failure ? 'failure' : 'success',
    builder: plan.builder,
    target: plan.stages[plan.target]!.displayName,
    stages: stageReports(plan, outcome),
    order,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    ...(final ? { config: serializeConfig(final.config, plan.builder) } : {}),
    history: final ? final.history : [],
    tree: final ? treeEntries(final.tree) : [],
    provenance: final ? provenanceOf(final) : [],
    warnings: outcome.warnings,
    unknowns: outcome.unknowns,
    // An unknown step counts when its effect reaches the final image: one in a builder stage whose
    // declared products alone are copied (or in a stage the target never reads) does not.
    partial: final ? final.partial : outcome.unknowns.length > 0,
    ...(outcome.steps.length > 0 ? { steps: outcome.steps } : {}),
  };
}
