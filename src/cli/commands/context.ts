import { resolve } from 'node:path';
import type { Command } from 'commander';
import { contextListing } from '../../api/details.js';
import { contextReport, formatContextReport } from '../../explain/contextReport.js';
import { contextFromDirectory } from '../../index.js';
import { addBuildFlags, dockerfilePath, EXIT_FAILED, EXIT_OK, formatOption, type BuildFlags } from '../options.js';
import { emulateWithProgress } from './explain.js';

interface Flags extends BuildFlags {
  excluded?: boolean;
  format: 'text' | 'json';
}

async function listContext(context: string, flags: Flags): Promise<number> {
  const result = await emulateWithProgress(context, flags, { listContext: true, snapshots: true });
  // A Dockerfile that fails before the context is read still has a context to list.
  const listing =
    result.context ??
    contextListing(await contextFromDirectory(resolve(context), { builder: flags.builder, dockerfile: resolve(dockerfilePath(context, flags)) }));
  const report = contextReport(listing, result);
  process.stdout.write(
    flags.format === 'json'
      ? JSON.stringify(report, null, 2) + '\n'
      : formatContextReport(report, { excluded: flags.excluded === true, ...(result.target !== undefined ? { target: result.target } : {}) }),
  );
  return result.failure ? EXIT_FAILED : EXIT_OK;
}

/** `dockerfile-sim context`: what the build context sends after .dockerignore, and what the target uses of it. */
export function contextCommand(program: Command): void {
  addBuildFlags(program.command('context').description('list the files the build context sends (after .dockerignore) and those the target uses'))
    .option('--excluded', 'also list the excluded paths with the .dockerignore line that excluded each')
    .option(...formatOption(['text', 'json'], 'text'))
    .action(async (context: string, flags: Flags) => {
      process.exitCode = await listContext(context, flags);
    });
}
