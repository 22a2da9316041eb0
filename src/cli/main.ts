#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { emulate, exportImage, formatResult, failureLocation, inspectConfig, type EmulateOptions, type ExportTarget } from '../index.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function keyValue(kind: string) {
  return (value: string, previous: Record<string, string> = {}): Record<string, string> => {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`${kind} must look like KEY=VALUE`);
    return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
  };
}

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

interface BuildFlags {
  file?: string;
  target?: string;
  buildArg?: Record<string, string>;
  builder: 'buildkit' | 'classic';
  format: 'text' | 'json';
  metadataFile?: string;
  image?: Record<string, string>;
  output?: ExportTarget;
}

async function build(context: string, flags: BuildFlags): Promise<number> {
  const dockerfilePath = flags.file ?? join(context, 'Dockerfile');
  const options: EmulateOptions = {
    context,
    dockerfilePath,
    builder: flags.builder,
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.buildArg ? { buildArgs: flags.buildArg } : {}),
    ...(flags.image ? { images: flags.image } : {}),
  };
  const result = await emulate(options);
  const name = basename(dockerfilePath);
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
  return 0;
}

function program(): Command {
  const cli = new Command('dockerfile-sim')
    .description('Predict what `docker build` produces, without Docker.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  cli
    .command('build')
    .description('emulate `docker build` and print the stage plan, the image config and its files')
    .argument('[context]', 'build context directory', '.')
    .option('-f, --file <path>', 'Dockerfile (default: CONTEXT/Dockerfile)')
    .option('--target <stage>', 'stage to build')
    .option('--build-arg <key=value>', 'build-time variable (repeatable)', keyValue('--build-arg'))
    .option('--image <ref=path>', 'docker save archive or OCI layout for an external image (repeatable)', keyValue('--image'))
    .option('--builder <mode>', 'buildkit or classic', (v) => {
      if (v !== 'buildkit' && v !== 'classic') throw new InvalidArgumentError('must be buildkit or classic');
      return v;
    }, 'buildkit')
    .option('--format <format>', 'text or json', (v) => {
      if (v !== 'text' && v !== 'json') throw new InvalidArgumentError('must be text or json');
      return v;
    }, 'text')
    .option('-o, --output <spec>', 'write the final image files: type=tar,dest=FILE | type=local,dest=DIR | DIR | -', parseOutput)
    .option('--metadata-file <path>', 'write the result metadata (with the image config as docker inspect shows it) to a JSON file')
    .action(async (context: string, flags: BuildFlags) => {
      process.exitCode = await build(context, flags);
    });
  return cli;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof TypeError) {
    process.stderr.write(`dockerfile-sim: ${error.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    process.stderr.write(`dockerfile-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  }
}
