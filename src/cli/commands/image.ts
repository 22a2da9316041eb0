import type { Command } from 'commander';
import { saveImageFixture } from '../../images/fixtureSave.js';
import { EXIT_OK } from '../options.js';

interface SaveFlags {
  output: string;
  keep?: string[];
  ref?: string;
  gzip?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function save(archive: string, flags: SaveFlags): Promise<number> {
  const summary = await saveImageFixture({
    source: archive,
    dest: flags.output,
    keep: flags.keep ?? [],
    ...(flags.ref !== undefined ? { ref: flags.ref } : {}),
    ...(flags.gzip ? { gzip: true } : {}),
  });
  for (const path of summary.missing) process.stderr.write(`dockerfile-sim: warning: --keep ${path}: the image has no such file or directory\n`);
  process.stdout.write(
    `${summary.ref} -> ${summary.dest}: ${summary.entries} paths (${summary.files} files), contents kept for ${summary.kept.length}, ${summary.bytes} bytes\n`,
  );
  return EXIT_OK;
}

/** `dockerfile-sim image save`: a committable fixture from an image archive. */
export function imageCommand(program: Command): void {
  const image = program.command('image').description('manage base image fixtures');
  image
    .command('save')
    .description('turn a `docker save` archive or OCI layout into a compact fixture (JSON, gzipped if FIXTURE ends in .gz) for --image')
    .argument('<archive>', 'docker save archive, OCI layout, or fixture')
    .requiredOption('-o, --output <fixture>', 'fixture file to write')
    .option('--keep <path>', 'also keep the contents of this file, or of every file below this directory (repeatable)', collect)
    .option('--ref <ref>', 'which image of a multi-image archive, and the reference the fixture records')
    .option('--gzip', 'gzip the fixture whatever its name')
    .action(async (archive: string, flags: SaveFlags) => {
      process.exitCode = await save(archive, flags);
    });
}
