/**
 * Recording one case with the real engine: build it with each builder, read the saved image and
 * write expected/<builder>.json. Shared by the recorder CLI (record.ts) and the differential
 * property test, so a generated case is recorded exactly as a scenario is.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { configSubset, historyOf, readSaved, readSavedConfig, type RawImageConfig } from './archive.js';
import type { Builder, Case } from './cases.js';
import { prepareContext } from './context.js';
import type { Docker } from './docker.js';
import { analyseDockerfile, type DockerfileInfo } from './dockerfile.js';
import { removeStale, writeExpected, type Expected } from './expected.js';
import { parseBuildKit, parseClassic, type BuildOutcome } from './output.js';
import { checkSafety, fixtureName, normaliseRef } from './safety.js';
import { diffAgainstBase, imageTree, treeLines } from './tree.js';
import type { TreeEntry } from '../../../src/model/image.js';

/** A fixture image: its tag, rootfs layers and (lazily) its tree. */
export interface Fixture {
  readonly file: string;
  readonly ref: string;
  /** Image id (config digest). */
  readonly id: string;
  readonly diffIds: readonly string[];
  tree?: Promise<TreeEntry[]>;
}

/** What every recording needs: the engine, its version, and the fixture images of `imagesDir`. */
export interface RecorderEnv {
  readonly docker: Docker;
  /** Server version without the distribution suffix (`26.1.5`). */
  readonly engine: string;
  readonly fixtures: readonly Fixture[];
  readonly imagesDir: string;
}

export interface RecordOptions {
  readonly builders: readonly Builder[];
  /** Keep the case's temp dir (context copy, saved images). */
  readonly keep: boolean;
}

export async function loadFixtures(imagesDir: string): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const name of readdirSync(imagesDir).filter((n) => n.endsWith('.tar')).sort()) {
    const file = join(imagesDir, name);
    const { config, repoTags, id } = await readSaved(file);
    out.push({ file, ref: repoTags[0] ?? name, id, diffIds: config.rootfs?.diff_ids ?? [] });
  }
  return out;
}

export async function recorderEnv(docker: Docker, imagesDir: string): Promise<RecorderEnv> {
  const engine = (await docker.serverVersion()).replace(/[+~-].*$/, '');
  return { docker, engine, fixtures: await loadFixtures(imagesDir), imagesDir };
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
// One per process: every BuildKit build of this process goes through it.
const buildkitLock = new Lock();

const CLIENT_CANCELLED = 'Canceled: context canceled';
const RACE_RETRIES = 5;

function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]+/g, '-').toLowerCase().slice(0, 100);
}

export interface BuilderReport {
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
async function ensureImages(env: RecorderEnv, refs: readonly string[]): Promise<string[]> {
  const { docker, fixtures, imagesDir } = env;
  const problems: string[] = [];
  for (const ref of refs) {
    const file = join(imagesDir, fixtureName(ref));
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
  env: RecorderEnv,
  c: Case,
  info: DockerfileInfo,
  builder: Builder,
  ctxDir: string,
  tmp: string,
): Promise<BuilderReport> {
  const { docker, engine, fixtures } = env;
  const buildArgs = c.spec.buildArgs ?? {};
  const safety = checkSafety(info, builder, buildArgs);
  const images = [...new Set([...safety.images, ...(c.spec.images ?? [])].map(normaliseRef))];
  const problems = [...safety.problems, ...(await ensureImages(env, images))];
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
  const parse = (r: Awaited<ReturnType<Docker['run']>>): BuildOutcome =>
    builder === 'buildkit'
      ? parseBuildKit(r.code, r.stdout, r.stderr, info, basename(c.dockerfile), c.spec.target, buildArgs)
      : parseClassic(r.code, r.stdout, r.stderr, info);
  let outcome = parse(builder === 'buildkit' ? await buildkitLock.run(build) : await build());
  const notes: string[] = [];
  // When BuildKit rejects a build while the client is still sending the context, the client
  // sometimes reports its own cancelled upload instead of the daemon's error: build again.
  for (let retry = 1; retry <= RACE_RETRIES && outcome.error === CLIENT_CANCELLED; retry++) {
    for (const id of [...outcome.imageIds].reverse()) await docker.removeIfDangling(id);
    notes.push(`attempt ${retry} ended in "${CLIENT_CANCELLED}" (client/daemon race): built again`);
    outcome = parse(await buildkitLock.run(build));
  }
  notes.push(...outcome.notes);

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

export interface CaseRecording {
  /** The recorder's report lines for this case. */
  readonly text: string;
  readonly reports: readonly BuilderReport[];
  /** The case threw (the message is in `text`). */
  readonly errored: boolean;
}

/** Builds one case with each of `opts.builders` it lists and writes its expected files. */
export async function recordCase(env: RecorderEnv, c: Case, opts: RecordOptions): Promise<CaseRecording> {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'dfsim-rec-'));
  const lines: string[] = [];
  const reports: BuilderReport[] = [];
  let errored = false;
  try {
    const info = analyseDockerfile(readFileSync(c.dockerfile, 'utf8'));
    const ctxDir = join(tmp, 'context');
    mkdirSync(ctxDir);
    prepareContext(c, ctxDir);
    removeStale(c);
    for (const b of c.builders.filter((b) => opts.builders.includes(b))) {
      reports.push(await recordBuilder(env, c, info, b, ctxDir, tmp));
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    lines.push(
      `${c.id.padEnd(52)} ${reports.map((r) => `${r.builder}: ${r.summary}${r.changed ? ' *' : ''}`).join('  |  ')}  (${secs}s)`,
    );
    for (const r of reports) for (const n of r.notes) lines.push(`    note (${r.builder}): ${n}`);
  } catch (err) {
    errored = true;
    lines.push(`${c.id.padEnd(52)} ERROR ${(err as Error).stack ?? err}`);
  } finally {
    if (opts.keep) lines.push(`    kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return { text: lines.join('\n'), reports, errored };
}
