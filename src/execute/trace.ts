import { referencedVariables } from '../expand/expandWord.js';
import type { FsTree, Node } from '../fs/tree.js';
import type { ImageConfig } from '../model/image.js';
import type { Instruction } from '../model/instruction.js';
import type { StepTrace } from '../model/result.js';
import { lookupVariable, type StageState } from './stageState.js';

/** What changed between two versions of a stage's tree; shared (unchanged) subtrees are skipped by identity. */
function diffTrees(before: FsTree, after: FsTree): Pick<StepTrace, 'added' | 'changed' | 'removed'> {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  const all = (path: string, node: Node, into: string[]): void => {
    into.push(path);
    if (node.type === 'dir') for (const [name, child] of node.children) all(`${path === '/' ? '' : path}/${name}`, child, into);
  };
  const visit = (path: string, a: Node | undefined, b: Node | undefined): void => {
    if (a === b) return;
    if (!a) return all(path, b!, added);
    if (!b) return all(path, a, removed);
    if (a.type !== 'dir' || b.type !== 'dir') {
      changed.push(path);
      if (a.type === 'dir') for (const [name, child] of a.children) all(`${path}/${name}`, child, removed);
      if (b.type === 'dir') for (const [name, child] of b.children) all(`${path}/${name}`, child, added);
      return;
    }
    if (path !== '/' && (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid)) changed.push(path);
    const names = new Set([...a.children.keys(), ...b.children.keys()]);
    for (const name of [...names].sort()) visit(`${path === '/' ? '' : path}/${name}`, a.children.get(name), b.children.get(name));
  };
  visit('/', before.rootNode(), after.rootNode());
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

/** Whether anything differs between two versions of a tree. */
export function treeChanged(before: FsTree, after: FsTree): boolean {
  const { added, changed, removed } = diffTrees(before, after);
  return added.length + changed.length + removed.length > 0;
}

function configChanges(before: ImageConfig, after: ImageConfig): StepTrace['config'] {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof ImageConfig)[]);
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}

/**
 * Records one instruction for `explain`: the variables it refers to with the values they had,
 * then (via the returned function) the files and config it changed.
 */
export function traceStep(state: StageState, instruction: Instruction, escapeToken: '\\' | '`'): (failed?: string) => StepTrace {
  const names = referencedVariables(instruction.original.slice(instruction.keyword.length), { escapeToken });
  const variables = Object.fromEntries(names.map((n) => [n, lookupVariable(state, n) ?? null]));
  const treeBefore = state.tree.fork();
  const configBefore = structuredClone(state.config);
  return (failed) => ({
    stage: state.plan.displayName,
    line: instruction.range.start.line,
    instruction: instruction.original,
    variables,
    ...diffTrees(treeBefore, state.tree),
    config: configChanges(configBefore, state.config),
    ...(failed !== undefined ? { error: failed } : {}),
  });
}
