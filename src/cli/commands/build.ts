import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { exportImage, failureLocation, formatResult, inspectConfig, type ExportTarget } from '../../index.js';
import { planDockerfile } from '../../explain/planDockerfile.js';
import { renderReport } from '../../report/html/renderReport.js';
import { planOptions } from './plan.js';
import { addBuildFlags, EXIT_FAILED, EXIT_OK, formatOption, type BuildFlags } from '../options.js';
import { addComposeFlags, emulateFromFlags, type ComposeFlags } from '../../compose/cliFlags.js';

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

interface Flags extends BuildFlags, ComposeFlags {
  format: 'text' | 'json';
  fullTree?: boolean;
  metadataFile?: string;
  output?: ExportTarget;
  report?: string;
}

async function build(context: string, flags: Flags): Promise<number> {
  if (flags.compose !== undefined && flags.report !== undefined) throw new TypeError('--report cannot be used with --compose yet');
  // A report shows every built stage's tree, which the result then has to carry.
  const { result, dockerfileName: name } = await emulateFromFlags(context, flags, { snapshots: flags.report !== undefined });
  // With the image tar on stdout, the report goes to stderr.
  const report = flags.output?.dest === process.stdout ? process.stderr : process.stdout;
  report.write(flags.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatResult(result, name, { fullTree: flags.fullTree === true }));
  if (flags.output && result.status === 'success') await exportImage(result, flags.output);
  if (flags.metadataFile !== undefined) {
    const metadata = { status: result.status, order: result.order, ...(result.config ? { config: inspectConfig(result.config) } : {}) };
    await writeFile(flags.metadataFile, JSON.stringify(metadata, null, 2) + '\n');
  }
  if (flags.report !== undefined) {
    const plan = await planDockerfile(planOptions(context, flags));
    await writeFile(flags.report, renderReport({ plan, result, title: name }));
  }
  if (result.failure) {
    process.stderr.write(`dockerfile-sim: ${failureLocation(result, name)}: ${result.failure.message}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

export function buildCommand(program: Command): void {
  addComposeFlags(addBuildFlags(program.command('build').description('emulate `docker build` and print the stage plan, the image config and its files')))
    .option(...formatOption(['text', 'json'], 'text'))
    .option('--full-tree', 'list base-image entries the build did not change too')
    .option('-o, --output <spec>', 'write the final image files: type=tar,dest=FILE | type=local,dest=DIR | DIR | -', parseOutput)
    .option('--metadata-file <path>', 'write the result metadata (with the image config as docker inspect shows it) to a JSON file')
    .option('--report <file.html>', 'write a self-contained HTML page: stage graph, order per builder, each stage\'s tree with provenance')
    .action(async (context: string, flags: Flags) => {
      process.exitCode = await build(context, flags);
    });
}
