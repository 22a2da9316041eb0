import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { wantsColour } from '../../explain/colour.js';
import { formatExplain } from '../../explain/formatExplain.js';
import { contextProgress } from '../../explain/progress.js';
import { DockerfileError } from '../../model/errors.js';
import type { ParsedDockerfile } from '../../model/instruction.js';
import { emulate, parseDockerfile, type BuildResult, type EmulateOptions } from '../../index.js';
import { addBuildFlags, dockerfilePath, emulateOptions, EXIT_FAILED, EXIT_OK, type BuildFlags } from '../options.js';

/** Emulates with the given extra options, showing context-reading progress on a terminal. */
export async function emulateWithProgress(context: string, flags: BuildFlags, extra: Partial<EmulateOptions>): Promise<BuildResult> {
  const progress = contextProgress(process.stderr);
  try {
    return await emulate({ ...emulateOptions(context, flags), ...extra, onContextProgress: progress.update });
  } finally {
    progress.done();
  }
}

/** The Dockerfile parsed again for what the trace does not keep (words as written); undefined if it does not parse. */
export async function parsedDockerfile(context: string, flags: BuildFlags): Promise<ParsedDockerfile | undefined> {
  try {
    return parseDockerfile(await readFile(dockerfilePath(context, flags), 'utf8'));
  } catch (error) {
    if (error instanceof DockerfileError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function explain(context: string, flags: BuildFlags): Promise<number> {
  const result = await emulateWithProgress(context, flags, { trace: true, snapshots: true });
  const parsed = await parsedDockerfile(context, flags);
  process.stdout.write(formatExplain(result, { ...(parsed ? { parsed } : {}), colour: wantsColour(process.stdout) }));
  return result.failure ? EXIT_FAILED : EXIT_OK;
}

/** `dockerfile-sim explain`: the build step by step, what each instruction read and changed. */
export function explainCommand(program: Command): void {
  addBuildFlags(program.command('explain').description('step through the build: per instruction the variables, paths, files and config it changed')).action(
    async (context: string, flags: BuildFlags) => {
      process.exitCode = await explain(context, flags);
    },
  );
}
