import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { emulate, exportImage, failureLocation, formatResult, inspectConfig, type ExportTarget } from '../../index.js';
import { addBuildFlags, dockerfilePath, emulateOptions, EXIT_FAILED, EXIT_OK, formatOption, type BuildFlags } from '../options.js';

/** `-o` as docker build takes it: `type=tar,dest=F`, `type=local,dest=D`, a bare `D`, or `-` (tar on stdout). */
function parseOutput(value: string): ExportTarget {
  if (value === '-') return { type: 'tar', dest: process.stdout };
  if (!value.includes('=')) return { type: 'local', dest: value };
  const fields = Object.fromEntries(value.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const type = fields.type ?? 'local';
  if (type !== 'tar' && type !== 'local') throw new InvalidArgumentError(`output type "${type}" is not supported (tar or local)`);
  const dest = fields.dest;
  if (!dest) throw new InvalidArgumentError('dest is required, e.g. type=tar,dest=out.tar');
  return { type, dest: dest === '-' ? process.stdout : dest };
}

interface Flags extends BuildFlags {
  format: 'text' | 'json';
  metadataFile?: string;
  output?: ExportTarget;
}

async function build(context: string, flags: Flags): Promise<number> {
  const result = await emulate(emulateOptions(context, flags));
  const name = basename(dockerfilePath(context, flags));
  // With the image tar on stdout, the report goes to stderr.
  const report = flags.output?.dest === process.stdout ? process.stderr : process.stdout;
  report.write(flags.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatResult(result, name));
  if (flags.output && result.status === 'success') await exportImage(result, flags.output);
  if (flags.metadataFile !== undefined) {
    const metadata = { status: result.status, order: result.order, ...(result.config ? { config: inspectConfig(result.config) } : {}) };
    await writeFile(flags.metadataFile, JSON.stringify(metadata, null, 2) + '\n');
  }
  if (result.failure) {
    process.stderr.write(`dockerfile-sim: ${failureLocation(result, name)}: ${result.failure.message}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

export function buildCommand(program: Command): void {
  addBuildFlags(program.command('build').description('emulate `docker build` and print the stage plan, the image config and its files'))
    .option(...formatOption(['text', 'json'], 'text'))
    .option('-o, --output <spec>', 'write the final image files: type=tar,dest=FILE | type=local,dest=DIR | DIR | -', parseOutput)
    .option('--metadata-file <path>', 'write the result metadata (with the image config as docker inspect shows it) to a JSON file')
    .action(async (context: string, flags: Flags) => {
      process.exitCode = await build(context, flags);
    });
}
