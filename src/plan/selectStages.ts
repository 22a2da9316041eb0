import type { BuilderMode } from '../model/builder.js';
import type { StageDecision, StagePlan } from './types.js';

/**
 * Which stages run, in which order, and why. BuildKit runs only what the target needs (in file
 * order); the classic builder runs every stage from the first up to the target.
 */
export function decideStages(
  stages: readonly StagePlan[],
  target: number,
  builder: BuilderMode,
): { order: number[]; decisions: StageDecision[] } {
  const targetName = stages[target]!.displayName;
  if (builder === 'classic') {
    const decisions = stages.map((s): StageDecision =>
      s.index <= target
        ? { index: s.index, runs: true, reason: s.index === target ? 'target' : 'the classic builder runs every stage up to the target', skip: undefined }
        : { index: s.index, runs: false, reason: `comes after the target "${targetName}"`, skip: { kind: 'after-target' } },
    );
    return { order: stages.slice(0, target + 1).map((s) => s.index), decisions };
  }
  const why = new Map<number, string>([[target, 'target']]);
  const queue = [target];
  while (queue.length > 0) {
    const stage = stages[queue.shift()!]!;
    for (const dep of stage.dependencies) {
      if (dep.stage === undefined || why.has(dep.stage)) continue;
      const line = dep.range.start.line;
      why.set(dep.stage, `needed by "${stage.displayName}" (${dep.cause} at line ${line})`);
      queue.push(dep.stage);
    }
  }
  const order = stages.filter((s) => why.has(s.index)).map((s) => s.index);
  const decisions = stages.map((s): StageDecision =>
    why.has(s.index)
      ? { index: s.index, runs: true, reason: why.get(s.index)!, skip: undefined }
      : { index: s.index, runs: false, reason: `the target "${targetName}" does not depend on it`, skip: { kind: 'not-needed' } },
  );
  return { order, decisions };
}
