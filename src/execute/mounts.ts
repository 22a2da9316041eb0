import { posix } from 'node:path';
import { cleanAbsolute, components } from '../fs/paths.js';
import type { FsTree, Node } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { RunInstruction } from '../model/instruction.js';
import { resolveMount, type ResolvedMount } from '../parse/mounts.js';
import type { BuildEnv } from './buildEnv.js';
import { expandIn } from './expandIn.js';
import { mkdirAll } from './mkdirAll.js';
import type { StageState } from './stageState.js';

function emptyDir(m: ResolvedMount): Node {
  return { type: 'dir', mode: m.mode ?? 0o755, uid: m.uid ?? 0, gid: m.gid ?? 0, children: new Map(), owner: undefined };
}

/** The tree a bind mount reads: the context, or the stage or image named by `from`. */
function bindSource(state: StageState, instruction: RunInstruction, m: ResolvedMount, env: BuildEnv): FsTree | undefined {
  if (m.from === '') return env.context.tree;
  const dep = state.plan.dependencies.find((d) => d.instruction === instruction && d.cause === 'RUN --mount' && d.written === m.from);
  if (dep?.error) throw new DockerfileError('invalid-stage-reference', dep.error);
  if (dep?.stage !== undefined) return env.finished.get(dep.stage)?.tree;
  return dep?.image !== undefined ? env.image(dep.image)?.tree : undefined;
}

/** What a mount shows at its target while the command runs; undefined when nothing is mounted. */
function mounted(state: StageState, instruction: RunInstruction, m: ResolvedMount, env: BuildEnv): Node | undefined {
  switch (m.type) {
    case 'bind': {
      const tree = bindSource(state, instruction, m, env);
      if (!tree) return undefined;
      return tree.lookup(m.source || '/').node ?? emptyDir(m);
    }
    case 'cache':
    case 'tmpfs':
      return emptyDir(m);
    case 'secret':
      // No secrets are given to the emulator: an optional one is simply absent.
      if (m.required) throw new DockerfileError('run-failed', `secret ${m.cacheId || m.target}: not found`);
      return undefined;
    case 'ssh':
      return undefined;
  }
}

/** BuildKit asks the client for the context paths that bind mounts without `from` read. */
export function nameContextMounts(state: StageState, instruction: RunInstruction, env: BuildEnv): void {
  if (!env.transfer) return;
  for (const raw of instruction.mounts) {
    const m = resolveMount(raw, (word) => expandIn(state, word, env));
    if (m.type === 'bind' && m.from === '') env.transfer.name(m.source || '/');
  }
}

/**
 * Runs `run` with the RUN's `--mount`s in place, then takes every mount away again: files
 * written into a mount, and the mountpoints BuildKit 0.13 created for them, never reach the image.
 */
export function withMounts(state: StageState, instruction: RunInstruction, env: BuildEnv, run: () => void): void {
  if (instruction.mounts.length === 0) return run();
  const workdir = state.config.WorkingDir || '/';
  const mounts = instruction.mounts.map((raw) => resolveMount(raw, (word) => expandIn(state, word, env)));
  const before = state.tree.fork();
  const targets: string[] = [];
  for (const m of mounts) {
    const node = mounted(state, instruction, m, env);
    if (!node) continue;
    const target = cleanAbsolute(posix.isAbsolute(m.target) ? m.target : posix.join(workdir, m.target));
    mkdirAll(state.tree, posix.dirname(target), { mode: 0o755, uid: 0, gid: 0 }, undefined);
    state.tree.set(state.tree.resolve(target, false), node);
    targets.push(target);
  }
  try {
    run();
  } finally {
    for (const target of targets.reverse()) unmount(state.tree, before, target);
  }
}

/** Puts back what was at a mountpoint, removing the directories made only to hold it. */
function unmount(tree: FsTree, before: FsTree, target: string): void {
  let path = '';
  for (const name of components(target)) {
    path += `/${name}`;
    if (!before.get(path)) {
      tree.delete(path);
      return;
    }
  }
  tree.set(target, before.get(target)!);
}
