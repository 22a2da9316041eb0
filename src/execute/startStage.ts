import { FsTree } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { ImageConfig } from '../model/image.js';
import type { StagePlan } from '../plan/types.js';
import type { BuildEnv } from './buildEnv.js';
import { cloneState, envValue, SCRATCH_OUTPUT, setEnv, type StageState } from './stageState.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function freshState(
  plan: StagePlan,
  env: BuildEnv,
  tree: FsTree,
  config: ImageConfig,
  history: StageState['history'],
  llbOutput: string,
): StageState {
  const state: StageState = {
    plan,
    builder: env.builder,
    tree,
    config,
    history,
    vars: new Map(),
    args: new Map(),
    declaredArgs: [],
    cmdSet: false,
    llbOutput,
    standIn: false,
    partial: false,
  };
  return state;
}

/**
 * The state a stage starts from: scratch, an earlier stage's result, or an external image.
 * Every base without PATH gets Docker's default one.
 */
export function startStage(plan: StagePlan, env: BuildEnv): StageState {
  if (plan.fromError) throw plan.fromError;
  let state: StageState;
  const base = plan.base;
  if (base.kind === 'stage') {
    const parent = env.finished.get(base.index);
    if (!parent) throw new DockerfileError('invalid-stage-reference', `stage ${plan.baseName} has not been built`, plan.from.range);
    state = cloneState(parent, plan);
    // The classic builder starts every stage with no ARGs; BuildKit keeps the parent's.
    if (env.builder === 'classic') {
      state.vars = new Map();
      state.args = new Map();
    }
  } else if (base.kind === 'scratch') {
    const config: ImageConfig = env.builder === 'buildkit' ? { WorkingDir: '/' } : {};
    state = freshState(plan, env, FsTree.empty(), config, [], SCRATCH_OUTPUT);
  } else {
    const image = env.image(base.ref);
    if (image) {
      // BuildKit treats an image without layers as scratch.
      const history = image.history.map((h) => ({ ...h }));
      const output = image.layerCount === 0 ? SCRATCH_OUTPUT : `image ${base.ref}`;
      state = freshState(plan, env, image.tree.fork(), structuredClone(image.config), history, output);
      state.standIn = image.standIn === true;
    } else {
      state = freshState(plan, env, FsTree.empty(), {}, [], `image ${base.ref}`);
      state.partial = true;
      env.unknown({
        stage: plan.displayName,
        line: plan.from.range.start.line,
        what: `FROM ${base.ref}`,
        reason: `no fixture for image "${base.ref}": its files and config are unknown (pass --image ${base.ref}=<docker save archive>)`,
      });
    }
  }
  if (envValue(state.config, 'PATH') === undefined) setEnv(state.config, 'PATH', DEFAULT_PATH);
  if (env.builder === 'buildkit') {
    for (const entry of state.config.Env ?? []) {
      const eq = entry.indexOf('=');
      if (eq > 0 && !state.vars.has(entry.slice(0, eq))) state.vars.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  }
  return state;
}
