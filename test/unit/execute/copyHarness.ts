import { contextFromFiles, type ContextFiles } from '../../../src/context/buildContext.js';
import type { BuildEnv } from '../../../src/execute/buildEnv.js';
import { runCopy } from '../../../src/execute/handlers/copy.js';
import type { StageState, UnknownStep } from '../../../src/execute/stageState.js';
import { FsTree } from '../../../src/fs/tree.js';
import type { BuilderMode } from '../../../src/model/builder.js';
import { DockerfileError } from '../../../src/model/errors.js';
import { parseDockerfile, parseTrigger } from '../../../src/parse/parseDockerfile.js';
import { planBuild } from '../../../src/plan/planBuild.js';

export interface CopyCase {
  readonly builder: BuilderMode;
  /** The build context: files as the API takes them, or a tree (for modes contextFromFiles cannot give). */
  readonly context?: ContextFiles | FsTree;
  /** The last stage's tree before its COPY/ADD instructions run. */
  readonly base?: FsTree;
  readonly workdir?: string;
  readonly vars?: Record<string, string>;
  /** Trees of earlier stages by index (for COPY --from); `partial` marks one as partly known. */
  readonly stages?: Record<number, FsTree | { tree: FsTree; partial: boolean }>;
  readonly images?: Record<string, FsTree>;
}

export interface CopyRun {
  readonly state: StageState;
  readonly unknown: UnknownStep[];
}

/**
 * Runs the COPY and ADD instructions of a Dockerfile's last stage with runCopy alone, on a state
 * and environment built by hand (other instructions are skipped: set `vars`/`workdir` instead).
 */
export function runCopies(dockerfile: string, c: CopyCase): CopyRun {
  const parsed = parseDockerfile(dockerfile);
  const plan = planBuild(parsed, { builder: c.builder });
  const stateOf = (index: number, tree: FsTree, partial = false): StageState => ({
    plan: plan.stages[index]!,
    builder: c.builder,
    tree,
    config: { WorkingDir: c.workdir ?? '/' },
    history: [],
    vars: new Map(Object.entries(c.vars ?? {})),
    args: new Map(),
    declaredArgs: [],
    cmdSet: false,
    llbOutput: `test ${index}`,
    standIn: false,
    partial,
  });
  const finished = new Map<number, StageState>();
  for (const [index, given] of Object.entries(c.stages ?? {})) {
    const { tree, partial } = given instanceof FsTree ? { tree: given, partial: false } : given;
    finished.set(Number(index), stateOf(Number(index), tree, partial));
  }
  const unknown: UnknownStep[] = [];
  const env: BuildEnv = {
    builder: c.builder,
    plan,
    directives: parsed.directives,
    context:
      c.context instanceof FsTree
        ? { tree: c.context, ignoreFile: undefined, excluded: [] }
        : contextFromFiles(c.context ?? {}, { builder: c.builder }),
    buildArgs: {},
    finished,
    image: (ref) => {
      const tree = c.images?.[ref];
      return tree && { ref, config: {}, tree, history: [], layerCount: 1 };
    },
    parseTrigger: (text) => parseTrigger(text),
    warn: () => {},
    unknown: (step) => unknown.push(step),
  };
  const last = plan.stages.length - 1;
  const state = stateOf(last, c.base ?? FsTree.empty());
  for (const instruction of plan.stages[last]!.instructions) {
    if (instruction.kind === 'COPY' || instruction.kind === 'ADD') runCopy(state, instruction, env);
  }
  return { state, unknown };
}

/** The message of the DockerfileError a run throws. */
export function copyError(dockerfile: string, c: CopyCase): string {
  try {
    runCopies(dockerfile, c);
  } catch (error) {
    if (error instanceof DockerfileError) return error.message;
    throw error;
  }
  throw new Error('expected a DockerfileError');
}

/**
 * A tree as `type mode uid:gid path [content | -> target]` lines, like a listing of the image's
 * tar (`f`, `d`, `l`), optionally only below some paths.
 */
export function listing(tree: FsTree, ...under: string[]): string[] {
  const lines: string[] = [];
  for (const [path, node] of tree.walk()) {
    if (under.length > 0 && !under.some((u) => path === u || path.startsWith(`${u}/`))) continue;
    const head = `${{ file: 'f', dir: 'd', symlink: 'l' }[node.type]} ${node.mode.toString(8).padStart(4, '0')} ${node.uid}:${node.gid} ${path}`;
    if (node.type === 'file') lines.push(`${head} ${node.content.bytes().toString('utf8')}`.trimEnd());
    else if (node.type === 'symlink') lines.push(`${head} -> ${node.target}`);
    else lines.push(head);
  }
  return lines;
}
