/**
 * The recorded corpus (scenarios/), each case timed side by side in one session: emulate() in
 * this process, the CLI as a whole process, and `docker build` with each builder. Only ratios
 * taken within the session are compared.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCaseIds, loadCase, type Builder, type Case } from '../test/docker/lib/cases.js';
import { prepareContext } from '../test/docker/lib/context.js';
import { analyseDockerfile } from '../test/docker/lib/dockerfile.js';
import { checkSafety, normaliseRef } from '../test/docker/lib/safety.js';
import { BenchDocker, timedRun } from './lib/docker.js';
import { CLI, IMAGES, loadLibrary, SCENARIOS } from './lib/paths.js';
import { median, ms, quantile, ratio, table } from './lib/stats.js';

export interface CorpusOptions {
  /** Timed emulate() calls per case and builder (after one warm-up call). */
  readonly runs: number;
  readonly cliRuns: number;
  readonly dockerRuns: number;
  /** The daemon, or why there is none. */
  readonly docker: BenchDocker | string;
  readonly filter: RegExp | undefined;
  /** A file that must exist for each Docker build to start (the daemon is shared; its owner removes it to take it back). */
  readonly dockerGate: string | undefined;
  readonly log: (line: string) => void;
}

export interface CaseTiming {
  readonly id: string;
  readonly builder: Builder;
  readonly status: string;
  readonly emulateMs: number;
  readonly cliMs: number;
  /** A Node process that does nothing, timed next to the CLI: what any Node CLI costs at least. */
  readonly nodeMs: number;
  /** Absent when the daemon was not used for this case (the reason is in `dockerSkip`). */
  readonly dockerMs?: number;
  readonly dockerStatus?: 'success' | 'failure';
  readonly dockerSkip?: string;
}

export interface CorpusReport {
  readonly timings: readonly CaseTiming[];
  readonly dockerNote: string | undefined;
  readonly dockerVersion: string | undefined;
}

function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]+/g, '-').toLowerCase().slice(0, 100);
}

/** Why a case must not be built by the daemon (it could pull, or crash the daemon), if it must not. */
async function dockerBlocker(docker: BenchDocker, c: Case, builder: Builder): Promise<string | undefined> {
  const safety = checkSafety(analyseDockerfile(readFileSync(c.dockerfile, 'utf8')), builder, c.spec.buildArgs ?? {});
  if (safety.problems.length > 0) return safety.problems.join('; ');
  for (const ref of new Set([...safety.images, ...(c.spec.images ?? [])].map(normaliseRef))) {
    if (!(await docker.hasImage(ref))) return `image ${ref} is not in the daemon's store (never pulled)`;
  }
  return undefined;
}

async function dockerBuild(docker: BenchDocker, c: Case, builder: Builder, ctx: string): Promise<{ ms: number; ok: boolean }> {
  const tag = `dfsim-bench:${slug(c.id)}-${builder}`;
  const args = ['build', '--no-cache', '--network=none', ...(builder === 'buildkit' ? ['--progress=plain'] : ['--force-rm'])];
  args.push('-t', tag, '-f', c.dockerfile);
  if (c.spec.target !== undefined) args.push('--target', c.spec.target);
  for (const [k, v] of Object.entries(c.spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(ctx);
  const r = await docker.run(args, { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' });
  const intermediates = [...r.stdout.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1]!);
  await docker.cleanUp(tag, intermediates);
  return { ms: r.ms, ok: r.code === 0 };
}

export async function runCorpus(options: CorpusOptions): Promise<CorpusReport> {
  const { emulate, loadImageArchive } = await loadLibrary();
  const fixtures = readdirSync(IMAGES).filter((f) => f.endsWith('.tar')).map((f) => join(IMAGES, f));
  const loaded = await Promise.all(fixtures.map(async (file) => ({ file, image: await loadImageArchive(file) })));
  const images = Object.fromEntries(loaded.map(({ image }) => [image.ref, image]));
  const imageFlags = loaded.flatMap(({ file, image }) => ['--image', `${image.ref}=${file}`]);
  const docker = typeof options.docker === 'string' ? undefined : options.docker;

  const ids = listCaseIds(SCENARIOS).filter((id) => !options.filter || options.filter.test(id));
  const scratch = mkdtempSync(join(tmpdir(), 'dfsim-bench-corpus-'));
  const timings: CaseTiming[] = [];
  try {
    for (const [n, id] of ids.entries()) {
      const c = loadCase(SCENARIOS, id);
      const ctx = join(scratch, slug(id));
      mkdirSync(ctx);
      prepareContext(c, ctx);
      for (const builder of c.builders) {
        const emulateOptions = {
          dockerfilePath: c.dockerfile,
          context: ctx,
          builder,
          images,
          ...(c.spec.target !== undefined ? { target: c.spec.target } : {}),
          ...(c.spec.buildArgs !== undefined ? { buildArgs: c.spec.buildArgs } : {}),
        };
        let status = (await emulate(emulateOptions)).status; // warm-up
        const inProcess: number[] = [];
        for (let i = 0; i < options.runs; i++) {
          const started = performance.now();
          status = (await emulate(emulateOptions)).status;
          inProcess.push(performance.now() - started);
        }

        const cliArgs = [CLI, 'build', ctx, '-f', c.dockerfile, '--builder', builder, ...imageFlags];
        if (c.spec.target !== undefined) cliArgs.push('--target', c.spec.target);
        for (const [k, v] of Object.entries(c.spec.buildArgs ?? {})) cliArgs.push('--build-arg', `${k}=${v}`);
        const cli: number[] = [];
        for (let i = 0; i < options.cliRuns; i++) {
          const r = await timedRun(process.execPath, cliArgs, process.env);
          if (r.code === 2 || r.code > 2) throw new Error(`${id} [${builder}]: the CLI exited ${r.code}: ${r.stderr}`);
          cli.push(r.ms);
        }
        const node = (await timedRun(process.execPath, ['-e', ''], process.env)).ms;

        let dockerPart: Pick<CaseTiming, 'dockerMs' | 'dockerStatus' | 'dockerSkip'> = {};
        if (docker && options.dockerGate !== undefined && !existsSync(options.dockerGate)) {
          dockerPart = { dockerSkip: `the daemon was not free (${options.dockerGate} is missing)` };
        } else if (docker) {
          const blocker = await dockerBlocker(docker, c, builder);
          if (blocker !== undefined) dockerPart = { dockerSkip: blocker };
          else {
            const runs: number[] = [];
            let ok = false;
            for (let i = 0; i < options.dockerRuns; i++) {
              const r = await dockerBuild(docker, c, builder, ctx);
              runs.push(r.ms);
              ok = r.ok;
            }
            dockerPart = { dockerMs: median(runs), dockerStatus: ok ? 'success' : 'failure' };
          }
        }
        const timing: CaseTiming = { id, builder, status, emulateMs: median(inProcess), cliMs: median(cli), nodeMs: node, ...dockerPart };
        timings.push(timing);
        const vs = timing.dockerMs !== undefined ? `  docker ${ms(timing.dockerMs)} (${timing.dockerStatus})` : timing.dockerSkip ? '  docker skipped' : '';
        options.log(`[${n + 1}/${ids.length}] ${id} [${builder}] ${status}: emulate ${ms(timing.emulateMs)}  cli ${ms(timing.cliMs)}${vs}`);
      }
      rmSync(ctx, { recursive: true, force: true });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return {
    timings,
    dockerNote: typeof options.docker === 'string' ? options.docker : undefined,
    dockerVersion: docker?.version,
  };
}

interface RatioRow {
  readonly what: string;
  readonly values: readonly number[];
  readonly target?: number;
}

/** The corpus table: median ratios (Docker time / emulator time) per builder, with the spread. */
export function corpusMarkdown(report: CorpusReport, machine: string): string {
  const { timings } = report;
  const lines: string[] = [`Measured ${machine}.`, ''];
  const builders: Builder[] = ['buildkit', 'classic'];
  const cases = new Set(timings.map((t) => t.id)).size;
  lines.push(`${cases} cases, ${timings.length} case × builder pairs.`, '');

  const absolute = builders.map((b) => {
    const own = timings.filter((t) => t.builder === b);
    const docker = own.flatMap((t) => (t.dockerMs !== undefined ? [t.dockerMs] : []));
    const cells = [ms(median(own.map((t) => t.emulateMs))), ms(median(own.map((t) => t.cliMs))), ms(median(own.map((t) => t.nodeMs)))];
    return [b === 'buildkit' ? 'BuildKit' : 'classic', String(own.length), ...cells, docker.length ? ms(median(docker)) : '–'];
  });
  lines.push('Median time per case in this session (for scale only: compare the ratios below, not these across runs):', '');
  lines.push(table(['builder', 'pairs', 'emulate() in process', 'CLI process', 'empty Node process', '`docker build`'], absolute), '');

  if (report.dockerNote !== undefined) {
    lines.push(`**Docker comparison skipped:** ${report.dockerNote}.`);
    return lines.join('\n');
  }
  const rows: RatioRow[] = [];
  for (const b of builders) {
    const pairs = timings.filter((t) => t.builder === b && t.dockerMs !== undefined);
    const name = b === 'buildkit' ? 'BuildKit' : 'classic builder';
    rows.push({ what: `emulate() vs ${name}`, values: pairs.map((t) => t.dockerMs! / t.emulateMs), ...(b === 'buildkit' ? { target: 200 } : {}) });
    rows.push({ what: `CLI process vs ${name}`, values: pairs.map((t) => t.dockerMs! / t.cliMs), ...(b === 'buildkit' ? { target: 3 } : {}) });
    rows.push({ what: `empty Node process vs ${name} (no Node CLI can do better)`, values: pairs.map((t) => t.dockerMs! / t.nodeMs) });
  }
  const skipped = timings.filter((t) => t.dockerSkip !== undefined);
  lines.push(`Ratios: \`docker build --no-cache --network=none\` time ÷ emulator time, per case, then across cases (Docker Engine ${report.dockerVersion}):`, '');
  lines.push(
    table(
      ['comparison', 'pairs', 'median ratio', 'worst 10 %', 'worst', 'target', 'met'],
      rows.map((r) => [
        r.what,
        String(r.values.length),
        `**${ratio(median(r.values))}**`,
        ratio(quantile(r.values, 0.1)),
        ratio(Math.min(...r.values)),
        r.target !== undefined ? `≥ ${r.target}×` : '',
        r.target === undefined ? '' : median(r.values) >= r.target ? 'yes' : '**no**',
      ]),
    ),
  );
  if (skipped.length > 0) {
    lines.push('', `Not built by Docker (${skipped.length} pairs: they would pull, are unsafe, or the daemon was not free): ${skipped.map((t) => `${t.id} [${t.builder}]`).join(', ')}.`);
  }
  return lines.join('\n');
}
