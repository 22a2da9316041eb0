import type { Command } from 'commander';
import { contextProgress } from '../../explain/progress.js';
import { explainPath, formatWhy } from '../../explain/why.js';
import { emulate } from '../../index.js';
import { addBuildFlags, emulateOptions, EXIT_FAILED, EXIT_OK, formatOption, type BuildFlags } from '../options.js';
import { emulateWithProgress, parsedDockerfile } from './explain.js';

interface Flags extends BuildFlags {
  format: 'text' | 'json';
}

async function why(path: string, context: string, flags: Flags): Promise<number> {
  const result = await emulateWithProgress(context, flags, { trace: true, snapshots: true, listContext: true });
  const parsed = await parsedDockerfile(context, flags);
  const answer = await explainPath(result, path, {
    ...(parsed ? { parsed } : {}),
    // A skipped stage emulated as the target: does it hold the path?
    emulateStage: (target) => emulate({ ...emulateOptions(context, flags), target, onContextProgress: contextProgress(process.stderr).update }),
  });
  process.stdout.write(flags.format === 'json' ? JSON.stringify(answer, null, 2) + '\n' : formatWhy(answer));
  return answer.present ? EXIT_OK : EXIT_FAILED;
}

/** `dockerfile-sim why PATH`: the chain that put PATH in the final image, or why it is not there. Exit 0 present, 1 absent. */
export function whyCommand(program: Command): void {
  const command = program
    .command('why')
    .description('why PATH is in the final image (the chain of COPY lines from its origin), or why it is not (exit 1)')
    .argument('<path>', 'a path in the final image, e.g. /app/index.js');
  addBuildFlags(command)
    .option(...formatOption(['text', 'json'], 'text'))
    .action(async (path: string, context: string, flags: Flags) => {
      process.exitCode = await why(path, context, flags);
    });
}
