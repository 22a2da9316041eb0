/**
 * The scenario recorder: builds each case of scenarios/ with the reference Docker Engine 26.1
 * (test/docker/engine.sh), BuildKit and the classic builder, and writes what the real builds gave
 * to scenarios/<area>/<case>/expected/<builder>.json. It is the only writer of those files.
 *
 *   npm run scenarios:record                 every case
 *   npm run scenarios:record -- 'copy/*'     a subset (globs over <area>/<case>; a bare area works)
 *   options: --jobs N (parallel cases, default 4; BuildKit builds still run one at a time),
 *            --builder buildkit|classic, --keep (keep temp dirs), --index-only (README index only)
 *
 * Safety: every build uses --network=none; before a build every image the Dockerfile may name
 * (FROM, COPY --from, mount from=) must exist locally (loaded from scenarios/images/ if needed),
 * otherwise the case is skipped — nothing may make Docker pull (see lib/safety.ts).
 * The format of the expected files is described in scenarios/README.md.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDERS, selectCases, type Builder } from './lib/cases.js';
import { Docker } from './lib/docker.js';
import { recordCase, recorderEnv } from './lib/recorder.js';
import { updateReadmeIndex } from './lib/readme.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SCENARIOS = join(REPO, 'scenarios');
const IMAGES = join(SCENARIOS, 'images');

interface Options {
  globs: string[];
  jobs: number;
  builders: readonly Builder[];
  keep: boolean;
  indexOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { globs: [], jobs: 4, builders: BUILDERS, keep: false, indexOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--jobs' || a === '-j') o.jobs = Math.max(1, Number(argv[++i]));
    else if (a.startsWith('--jobs=')) o.jobs = Math.max(1, Number(a.slice(7)));
    else if (a === '--builder') {
      const b = argv[++i] as Builder;
      if (!BUILDERS.includes(b)) throw new Error(`--builder must be one of ${BUILDERS.join(', ')}`);
      o.builders = [b];
    }
    else if (a === '--keep') o.keep = true;
    else if (a === '--index-only') o.indexOnly = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run scenarios:record -- [--jobs N] [--builder buildkit|classic] [--keep] [--index-only] [case-glob...]\n');
      process.exit(0);
    } else o.globs.push(a);
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.indexOnly) {
    process.stdout.write(updateReadmeIndex(SCENARIOS) ? 'scenarios/README.md index updated\n' : 'scenarios/README.md has no index markers\n');
    return;
  }
  const cases = selectCases(SCENARIOS, opts.globs);
  if (cases.length === 0) {
    process.stderr.write(`record: no case matches ${opts.globs.join(' ')}\n`);
    process.exit(1);
  }
  const env = await recorderEnv(Docker.connect(REPO), IMAGES);
  const engine = env.engine;
  const started = Date.now();
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const out = (await recordCase(env, c, opts)).text;
      if (/ ERROR |SKIPPED/.test(out)) failures++;
      process.stdout.write(`${out}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, cases.length) }, worker));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`recorded ${cases.length} case(s) with Engine ${engine} in ${secs}s (* = expected file changed)\n`);
  updateReadmeIndex(SCENARIOS);
  if (failures > 0) {
    process.stdout.write(`${failures} case(s) skipped or errored\n`);
    process.exitCode = 1;
  }
}

await main();
