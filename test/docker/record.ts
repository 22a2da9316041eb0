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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSubset, historyOf, readSaved, readSavedConfig, type RawImageConfig } from './lib/archive.js';
import { BUILDERS, selectCases, type Builder, type Case } from './lib/cases.js';
import { prepareContext } from './lib/context.js';
import { Docker } from './lib/docker.js';
import { analyseDockerfile, type DockerfileInfo } from './lib/dockerfile.js';
import { removeStale, writeExpected, type Expected } from './lib/expected.js';
import { parseBuildKit, parseClassic, type BuildOutcome } from './lib/output.js';
import { checkSafety, fixtureName, normaliseRef } from './lib/safety.js';
import { updateReadmeIndex } from './lib/readme.js';
import { diffAgainstBase, imageTree, treeLines } from './lib/tree.js';
import type { TreeEntry } from '../../src/model/image.js';

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

/** A fixture image: its tag, rootfs layers and (lazily) its tree. */
interface Fixture {
  readonly file: string;
  readonly ref: string;
  /** Image id (config digest). */
  readonly id: string;
  readonly diffIds: readonly string[];
  tree?: Promise<TreeEntry[]>;
}

async function loadFixtures(): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const name of readdirSync(IMAGES).filter((n) => n.endsWith('.tar')).sort()) {
    const file = join(IMAGES, name);
    const { config, repoTags, id } = await readSaved(file);
    out.push({ file, ref: repoTags[0] ?? name, id, diffIds: config.rootfs?.diff_ids ?? [] });
  }
  return out;
}

/** The fixture whose layers are the bottom layers of an image (the longest such), if any. */
function baseOf(diffIds: readonly string[], fixtures: readonly Fixture[]): Fixture | undefined {
  let best: Fixture | undefined;
  for (const f of fixtures) {
    if (f.diffIds.length === 0 || f.diffIds.length > diffIds.length) continue;
    if (f.diffIds.every((d, i) => diffIds[i] === d) && (!best || f.diffIds.length > best.diffIds.length)) best = f;
  }
  return best;
}

/** Runs tasks one at a time. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
const buildkitLock = new Lock();

function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]+/g, '-').toLowerCase().slice(0, 100);
}

interface BuilderReport {
  builder: Builder;
  summary: string;
  notes: string[];
  changed: boolean;
  skipped: boolean;
}

/**
 * Every image must exist in the daemon (loaded from its fixture when missing) and be the very
 * image its fixture holds: the emulator replays the case on the fixture.
 */
async function ensureImages(docker: Docker, refs: readonly string[], fixtures: readonly Fixture[]): Promise<string[]> {
  const problems: string[] = [];
  for (const ref of refs) {
    const file = join(IMAGES, fixtureName(ref));
    const fixture = fixtures.find((f) => f.file === file);
    if (!fixture) problems.push(`image ${ref} has no fixture scenarios/images/${fixtureName(ref)}`);
    if (!(await docker.imageExists(ref)) && fixture) await docker.run(['load', '-i', file]);
    const id = await docker.run(['image', 'inspect', '--format', '{{.Id}}', ref]);
    if (id.code !== 0) problems.push(`image ${ref} is not in the local image store (a build would try to pull it)`);
    else if (fixture && id.stdout.trim() !== fixture.id) {
      problems.push(`image ${ref} in the daemon (${id.stdout.trim().slice(0, 19)}) is not the one in its fixture (${fixture.id.slice(0, 19)})`);
    }
  }
  return problems;
}

async function configFromImageStore(docker: Docker, tag: string): Promise<RawImageConfig> {
  const info = await docker.run(['info', '--format', '{{.DockerRootDir}} {{.Driver}}']);
  const id = await docker.run(['image', 'inspect', '--format', '{{.Id}}', tag]);
  const [root, driver] = info.stdout.trim().split(' ');
  const hex = id.stdout.trim().replace(/^sha256:/, '');
  if (!root || !driver || !/^[0-9a-f]{64}$/.test(hex)) throw new Error(`cannot locate the config of ${tag}`);
  return JSON.parse(readFileSync(join(root, 'image', driver, 'imagedb', 'content', 'sha256', hex), 'utf8')) as RawImageConfig;
}

async function recordBuilder(
  docker: Docker,
  c: Case,
  info: DockerfileInfo,
  builder: Builder,
  ctxDir: string,
  tmp: string,
  engine: string,
  fixtures: readonly Fixture[],
): Promise<BuilderReport> {
  const buildArgs = c.spec.buildArgs ?? {};
  const safety = checkSafety(info, builder, buildArgs);
  const images = [...new Set([...safety.images, ...(c.spec.images ?? [])].map(normaliseRef))];
  const problems = [...safety.problems, ...(await ensureImages(docker, images, fixtures))];
  if (problems.length > 0) {
    return { builder, summary: 'SKIPPED', notes: problems, changed: false, skipped: true };
  }

  const tag = `dfsim-rec:${slug(c.id)}-${builder}`;
  await docker.removeTag(tag);
  const args = ['build', '--no-cache', '--network=none'];
  if (builder === 'buildkit') args.push('--progress=plain');
  else args.push('--force-rm');
  args.push('-t', tag, '-f', c.dockerfile);
  if (c.spec.target !== undefined) args.push('--target', c.spec.target);
  for (const [k, v] of Object.entries(buildArgs)) args.push('--build-arg', `${k}=${v}`);
  args.push(ctxDir);
  const build = (): ReturnType<Docker['run']> => docker.run(args, { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' });
  // BuildKit merges identical vertices of concurrent builds and shows them in each build's
  // progress under one build's stage name, so our own BuildKit builds never overlap.
  const r = builder === 'buildkit' ? await buildkitLock.run(build) : await build();
  const outcome: BuildOutcome =
    builder === 'buildkit'
      ? parseBuildKit(r.code, r.stdout, r.stderr, info, basename(c.dockerfile), c.spec.target, buildArgs)
      : parseClassic(r.code, r.stdout, r.stderr, info);
  const notes = [...outcome.notes];

  const expected: Expected = {
    engine,
    outcome: outcome.outcome,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    ...(outcome.errorLine !== undefined ? { errorLine: outcome.errorLine } : {}),
    stages: outcome.stages,
  };
  try {
    if (outcome.outcome === 'success') {
      const tar = join(tmp, `image-${builder}.tar`);
      const save = await docker.run(['save', '-o', tar, tag]);
      let raw: RawImageConfig;
      let final: TreeEntry[];
      if (save.code === 0) {
        raw = await readSavedConfig(tar);
        final = await imageTree(tar);
      } else if (/empty export/.test(save.stderr)) {
        // An image without layers (BuildKit's FROM scratch alone) cannot be saved; its config
        // JSON is read from the daemon's image store instead.
        raw = await configFromImageStore(docker, tag);
        final = [];
        notes.push('image has no layers: docker save refuses it; config read from the image store');
      } else {
        throw new Error(`docker save ${tag}: ${save.stderr.trim()}`);
      }
      expected.config = configSubset(raw);
      expected.history = historyOf(raw);
      const base = baseOf(raw.rootfs?.diff_ids ?? [], fixtures);
      if (base) {
        base.tree ??= imageTree(base.file);
        const d = diffAgainstBase(final, await base.tree);
        expected.base = base.ref;
        expected.tree = treeLines(d.tree);
        if (d.removed.length > 0) expected.removed = d.removed;
      } else {
        expected.tree = treeLines(final);
      }
      // Stages without a vertex of their own can hide behind another stage's deduplicated FROM.
      if (builder === 'buildkit') {
        for (const s of info.stages) {
          if (!s.hasOwnVertex && !outcome.stages.includes(s.display)) {
            notes.push(`stage ${s.display} has no RUN/COPY/ADD/WORKDIR: BuildKit's progress cannot show whether it ran`);
          }
        }
      }
    }
  } finally {
    await docker.removeTag(tag);
    for (const id of [...outcome.imageIds].reverse()) await docker.removeIfDangling(id);
  }
  const changed = writeExpected(c, builder, expected);
  const summary =
    outcome.outcome === 'success'
      ? `success [${outcome.stages.join(',')}]`
      : `failure${outcome.errorLine !== undefined ? `@${outcome.errorLine}` : ''} (${(outcome.error ?? '').slice(0, 90)})`;
  return { builder, summary, notes, changed, skipped: false };
}

async function recordCase(docker: Docker, c: Case, opts: Options, engine: string, fixtures: readonly Fixture[]): Promise<string> {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'dfsim-rec-'));
  const lines: string[] = [];
  try {
    const info = analyseDockerfile(readFileSync(c.dockerfile, 'utf8'));
    const ctxDir = join(tmp, 'context');
    mkdirSync(ctxDir);
    prepareContext(c, ctxDir);
    removeStale(c);
    const reports: BuilderReport[] = [];
    for (const b of c.builders.filter((b) => opts.builders.includes(b))) {
      reports.push(await recordBuilder(docker, c, info, b, ctxDir, tmp, engine, fixtures));
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    lines.push(
      `${c.id.padEnd(52)} ${reports.map((r) => `${r.builder}: ${r.summary}${r.changed ? ' *' : ''}`).join('  |  ')}  (${secs}s)`,
    );
    for (const r of reports) for (const n of r.notes) lines.push(`    note (${r.builder}): ${n}`);
  } catch (err) {
    lines.push(`${c.id.padEnd(52)} ERROR ${(err as Error).stack ?? err}`);
  } finally {
    if (opts.keep) lines.push(`    kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return lines.join('\n');
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
  const docker = Docker.connect(REPO);
  const engine = (await docker.serverVersion()).replace(/[+~-].*$/, '');
  const fixtures = await loadFixtures();
  const started = Date.now();
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const out = await recordCase(docker, c, opts, engine, fixtures);
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
