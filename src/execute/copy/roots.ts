import { FsTree } from '../../fs/tree.js';
import { DockerfileError } from '../../model/errors.js';
import type { AddInstruction, CopyInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { SCRATCH_OUTPUT, type StageState } from '../stageState.js';
import type { SourceRoot } from './sources.js';

/**
 * The tree COPY/ADD reads from: the build context, or for `COPY --from` the stage or image the
 * plan resolved the flag to (its rejection, when the builder rejects the reference, is thrown).
 */
export function sourceRoot(state: StageState, instruction: CopyInstruction | AddInstruction, env: BuildEnv): SourceRoot {
  if (instruction.kind === 'ADD' || instruction.from === undefined) {
    return {
      tree: env.context.tree,
      fromContext: true,
      partial: false,
      label: (path) => `context:${path.slice(1) || '.'}`,
    };
  }
  const dependency = env.plan.stages[state.plan.index]?.dependencies.find((d) => d.instruction === instruction);
  // The plan sees the Dockerfile's own instructions, not ONBUILD triggers parsed at run time.
  if (!dependency) {
    throw new DockerfileError('unsupported', `COPY --from in an ONBUILD trigger is not supported: ${instruction.original}`);
  }
  if (dependency.error !== undefined) throw new DockerfileError('invalid-stage-reference', dependency.error);
  if (dependency.stage !== undefined) {
    const stage = env.finished.get(dependency.stage);
    if (!stage) throw new Error(`stage ${dependency.stage} has not been built before ${instruction.original}`);
    const label = (path: string): string => `stage ${stage.plan.displayName}:${path}`;
    return { tree: stage.tree, fromContext: false, partial: stage.partial, known: stage.known, llbOutput: stage.llbOutput, label };
  }
  const ref = dependency.image!;
  if (ref === 'scratch' && env.builder === 'buildkit') {
    return { tree: FsTree.empty(), fromContext: false, partial: false, llbOutput: SCRATCH_OUTPUT, label: (path) => `scratch:${path}` };
  }
  const image = env.image(ref);
  if (!image) {
    throw new DockerfileError(
      'missing-image',
      `COPY --from=${ref}: no fixture for image "${ref}" — pass --image ${ref}=<docker save archive or fixture>`,
    );
  }
  const llbOutput = image.layerCount === 0 ? SCRATCH_OUTPUT : `image ${ref}`;
  return { tree: image.tree, fromContext: false, partial: false, llbOutput, label: (path) => `image ${ref}:${path}` };
}
