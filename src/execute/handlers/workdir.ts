import { posix } from 'node:path';
import { cleanAbsolute } from '../../fs/paths.js';
import { DockerfileError } from '../../model/errors.js';
import type { WorkdirInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { expandIn } from '../expandIn.js';
import { recordHistory } from '../history.js';
import { mkdirAll } from '../mkdirAll.js';
import { originOf, type StageState } from '../stageState.js';
import { resolveOwner } from '../users.js';

/**
 * WORKDIR resolves like `cd` and creates the directory: BuildKit owned by the current USER and
 * always as a layer, the classic builder owned by root.
 */
export function runWorkdir(state: StageState, instruction: WorkdirInstruction, env: BuildEnv): void {
  const path = expandIn(state, instruction.path.text, env);
  if (path === '') {
    if (state.builder === 'classic') throw new DockerfileError('invalid-argument', 'cannot normalize nothing');
    return;
  }
  const current = state.config.WorkingDir || '/';
  const workdir = cleanAbsolute(posix.isAbsolute(path) ? path : posix.join(current, path));
  state.config.WorkingDir = workdir;
  if (workdir === '/' && state.builder === 'buildkit') {
    recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: true, kind: 'config' });
    return;
  }
  const user = state.config.User;
  const owner = state.builder === 'buildkit' && user ? resolveOwner(user, state.tree, 'buildkit') : { uid: 0, gid: 0 };
  const created = mkdirAll(state.tree, workdir, { mode: 0o755, ...owner }, originOf(state, instruction));
  if (state.builder === 'buildkit') recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: false, kind: 'config' });
  else recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: created.length === 0, kind: 'files' });
}
