import { posix } from 'node:path';
import { cleanAbsolute } from '../../fs/paths.js';
import { DockerfileError } from '../../model/errors.js';
import type { WorkdirInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { expandIn } from '../expandIn.js';
import { recordHistory } from '../history.js';
import { mkdirAll, NotADirectoryError } from '../mkdirAll.js';
import { newLlbOutput } from '../llbOutput.js';
import { originOf, SCRATCH_OUTPUT, type StageState } from '../stageState.js';
import { resolveOwner } from '../users.js';

/**
 * WORKDIR resolves like `cd` and creates the directory: BuildKit owned by the current USER and
 * always as a layer, the classic builder owned by root.
 */
export function runWorkdir(state: StageState, instruction: WorkdirInstruction, env: BuildEnv): void {
  const path = expandIn(state, instruction.path.text, env);
  if (path === '' && state.builder === 'classic') throw new DockerfileError('invalid-argument', 'cannot normalize nothing');
  const current = state.config.WorkingDir || '/';
  // BuildKit keeps an absolute path as written (trailing slash included) and stays put on "".
  const workdir =
    path === ''
      ? current
      : posix.isAbsolute(path)
        ? state.builder === 'buildkit'
          ? path
          : cleanAbsolute(path)
        : cleanAbsolute(posix.join(current, path));
  state.config.WorkingDir = workdir;
  const target = cleanAbsolute(workdir);
  if (target === '/' && state.builder === 'buildkit') {
    recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: true });
    return;
  }
  const user = state.config.User;
  const owner = state.builder === 'buildkit' && user ? resolveOwner(user, state.tree, 'buildkit', state.llbOutput === SCRATCH_OUTPUT) : { uid: 0, gid: 0 };
  newLlbOutput(state, instruction, env);
  let created: string[];
  try {
    created = mkdirAll(state.tree, target, { mode: 0o755, ...owner }, originOf(state, instruction));
  } catch (e) {
    if (!(e instanceof NotADirectoryError)) throw e;
    throw new DockerfileError(
      'file-conflict',
      state.builder === 'buildkit' ? `mkdir <rootfs>${e.path}: not a directory` : `Cannot mkdir: ${e.path} is not a directory`,
    );
  }
  if (state.builder === 'buildkit') recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: false });
  else recordHistory(state, `WORKDIR ${workdir}`, { emptyLayer: created.length === 0, kind: 'files' });
}
