import type { BuildContext } from '../context/buildContext.js';
import type { ExecuteOutcome } from '../execute/executeBuild.js';
import { serializeConfig } from '../execute/serializeConfig.js';
import type { ContextListing, Provenance, StageSnapshot } from '../model/result.js';
import type { BuildPlan } from '../plan/types.js';
import { exportEntries } from '../report/treeEntries.js';

/** Every finished stage's files and provenance, in build order, for `explain`, `why` and reports. */
export function stageSnapshots(plan: BuildPlan, outcome: ExecuteOutcome): StageSnapshot[] {
  return plan.order.flatMap((index) => {
    const state = outcome.finished.get(index);
    if (!state) return [];
    const tree = [...exportEntries(state.tree)].map(({ entry }) => entry);
    const provenance: Provenance[] = [];
    for (const [path, node] of state.tree.walk()) if (node.origin) provenance.push({ path, ...node.origin });
    return [{ index, stage: state.plan.displayName, config: serializeConfig(state.config, plan.builder), tree, provenance }];
  });
}

/** The sent files (sizes from the walk; no content is read) and the excluded paths with their rule. */
export function contextListing(context: BuildContext): ContextListing {
  const files: ContextListing['files'][number][] = [];
  for (const { entry } of exportEntries(context.tree)) {
    if (entry.path === '/') continue;
    files.push({ path: entry.path.slice(1), type: entry.type, size: entry.size });
  }
  const file = context.ignoreFile ?? '.dockerignore';
  const excluded = context.excluded.map(({ path, rule }) => ({
    path,
    ...(rule ? { rule: { file, line: rule.line, pattern: rule.text } } : {}),
  }));
  return { ...(context.ignoreFile !== undefined ? { ignoreFile: context.ignoreFile } : {}), files, excluded };
}
