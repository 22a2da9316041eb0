import { DockerfileError } from '../../model/errors.js';
import type { Instruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { newLlbOutput } from '../llbOutput.js';
import type { StageState } from '../stageState.js';
import { runArg } from './arg.js';
import {
  runCmd,
  runEntrypoint,
  runEnv,
  runExpose,
  runHealthcheck,
  runLabel,
  runMaintainer,
  runOnbuild,
  runShell,
  runStopsignal,
  runUser,
  runVolume,
} from './config.js';
import { runCopy } from './copy.js';
import { runRun } from './run.js';
import { runWorkdir } from './workdir.js';

/** Applies one instruction to its stage. */
export function runInstruction(state: StageState, instruction: Instruction, env: BuildEnv): void {
  switch (instruction.kind) {
    case 'ENV':
      return runEnv(state, instruction, env);
    case 'LABEL':
      return runLabel(state, instruction, env);
    case 'ARG':
      return runArg(state, instruction, env);
    case 'USER':
      return runUser(state, instruction, env);
    case 'WORKDIR':
      return runWorkdir(state, instruction, env);
    case 'CMD':
      return runCmd(state, instruction);
    case 'ENTRYPOINT':
      return runEntrypoint(state, instruction);
    case 'SHELL':
      return runShell(state, instruction);
    case 'EXPOSE':
      return runExpose(state, instruction, env);
    case 'VOLUME':
      return runVolume(state, instruction, env);
    case 'STOPSIGNAL':
      return runStopsignal(state, instruction, env);
    case 'HEALTHCHECK':
      return runHealthcheck(state, instruction);
    case 'ONBUILD':
      return runOnbuild(state, instruction);
    case 'MAINTAINER':
      return runMaintainer(state, instruction);
    // Each is a filesystem operation in BuildKit's graph, failed or not: later steps build on it.
    case 'COPY':
    case 'ADD':
      try {
        return runCopy(state, instruction, env);
      } finally {
        newLlbOutput(state, instruction, env);
      }
    case 'RUN':
      try {
        return runRun(state, instruction, env);
      } finally {
        newLlbOutput(state, instruction, env);
      }
    case 'FROM':
      throw new DockerfileError('parse-error', 'FROM inside a stage');
  }
}
