/**
 * The live check of the project's promise: random contexts and multi-stage Dockerfiles built by
 * the real Engine 26.1 (both builders) and by the emulator, compared field by field as the
 * recorded scenarios are. Run by `npm run test:docker` (test/docker/run.sh); needs the engine of
 * test/docker/engine.sh and skips when none answers. Knobs: test/docker/README.md.
 *
 * A divergence is shrunk by fast-check (within a budget of real builds), printed, and saved as
 * scenarios/_found/<hash>/ with both builders recorded, so it stays as an offline regression case.
 * Then the search goes on (next seed) for divergences of another kind, up to DFSIM_MAX_FOUND.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadImageArchive } from '../../src/index.js';
import { caseArb, caseHash, describeCase, type GenCase } from './gen/case.js';
import type { Builder } from './lib/cases.js';
import { checkCase, type CheckResult } from './lib/check.js';
import type { Images } from './lib/compare.js';
import { Docker } from './lib/docker.js';
import { saveFound } from './lib/found.js';
import { recorderEnv, type RecorderEnv } from './lib/recorder.js';
import { readSettings } from './lib/settings.js';

const REPO = resolve(import.meta.dirname, '../..');
const SCENARIOS = join(REPO, 'scenarios');
const IMAGES = join(SCENARIOS, 'images');

const daemonUp = spawnSync(join(REPO, 'test/docker/engine.sh'), ['status'], { stdio: 'ignore' }).status === 0;
if (!daemonUp) {
  console.warn('differential property test SKIPPED: the reference engine does not answer (test/docker/engine.sh start, or npm run test:docker)');
}
const settings = readSettings();

/** A divergence (or a case the recorder refused) thrown out of the property so fast-check shrinks it. */
class Finding extends Error {
  constructor(readonly result: Extract<CheckResult, { kind: 'diverge' | 'invalid' }>) {
    super(result.kind === 'diverge' ? `emulator differs from docker build (${result.signature})\n${result.diff}` : `recorder refused the case\n${result.report}`);
  }
}

interface Found {
  readonly signature: string;
  readonly seed: number;
  readonly text: string;
}

const log = (builder: Builder, msg: string): void => void process.stdout.write(`[${builder}] ${msg}\n`);

/** Set when the daemon stops answering: every property stops building (no restart here). */
let engineDown: string | undefined;

describe.skipIf(!daemonUp)('emulator vs docker build on generated cases', () => {
  let env: RecorderEnv;
  let images: Images;
  let work: string;

  beforeAll(async () => {
    env = await recorderEnv(Docker.connect(REPO), IMAGES);
    const loaded = await Promise.all(readdirSync(IMAGES).filter((f) => f.endsWith('.tar')).map((f) => loadImageArchive(join(IMAGES, f))));
    images = Object.fromEntries(loaded.map((image) => [image.ref, image]));
    work = mkdtempSync(join(tmpdir(), 'dfsim-diff-'));
    process.stdout.write(
      `differential: ${settings.runs} runs per builder (DFSIM_RUNS), seed ${settings.seed} (DFSIM_SEED), builders ${settings.builders.join(',')}, ` +
        `shrink budget ${settings.shrinkBudget} builds, RUN ${settings.includeRun ? 'on' : 'off'}\n`,
    );
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // The builders run side by side: their builds do not interfere (BuildKit builds still go one
  // at a time through the recorder's lock), and it halves the wall time on CI.
  it.concurrent.each(settings.builders.map((b) => [b]))('%s', async (builder) => {
    const started = Date.now();
    const deadline = started + settings.timeLimitMin * 60_000;
    const stats = { built: 0, success: 0, failure: 0, knownSkips: 0, shrinkBuilds: 0, timeSkips: 0, nondeterministic: 0, repeats: 0, dockerBugs: 0 };
    const known = new Set<string>();
    // Why the real builds failed: a generator that mostly makes failing builds tests little.
    const errors = new Map<string, number>();
    const found: Found[] = [];
    let remaining = settings.runs;
    let seed = settings.seed;
    let n = 0;
    // Many spec variations render the same case (a pick that maps to the same path): build it once.
    const seen = new Map<string, CheckResult>();

    while (remaining > 0 && found.length < settings.maxFound) {
      let shrinking = false;
      let shrinkBuilds = 0;
      const property = fc.asyncProperty(caseArb({ includeRun: settings.includeRun }), async (c: GenCase) => {
        if (engineDown !== undefined) return true;
        const key = caseHash(c);
        let r = seen.get(key);
        if (r === undefined) {
          if (shrinking && ++shrinkBuilds > settings.shrinkBudget) return true; // budget spent: keep the smallest so far
          if (!shrinking && Date.now() > deadline) {
            stats.timeSkips++;
            return true;
          }
          r = await checkCase(env, images, work, `gen/${builder}-${++n}`, c, builder);
          seen.set(key, r);
          if (shrinking) stats.shrinkBuilds++;
        } else if (!shrinking) stats.repeats++;
        if (!shrinking) {
          stats.built++;
          if (r.kind === 'agree' || r.kind === 'diverge') {
            stats[r.outcome]++;
            if (r.error !== undefined) {
              const kind = r.error.replace(/"[^"]*"|<[^>]*>/g, '_').split(/\s+/).slice(0, 6).join(' ');
              errors.set(kind, (errors.get(kind) ?? 0) + 1);
            }
          }
          if (stats.built % 25 === 0) {
            const per = (Date.now() - started) / 1000 / stats.built;
            log(builder, `${stats.built}/${settings.runs} built (docker: ${stats.success} success, ${stats.failure} failure), ${per.toFixed(2)} s/run`);
          }
        }
        if (r.kind === 'engine-down') {
          engineDown ??= `${builder}: the engine stopped answering while building this case (a daemon crash? see dockerd.log):\n${describeCase(c)}\n${r.report}`;
          return true;
        }
        if (r.kind === 'agree') return true;
        if (r.kind === 'docker-bug') {
          if (!shrinking) stats.dockerBugs++;
          return true;
        }
        if (r.kind === 'nondeterministic') {
          if (!shrinking && ++stats.nondeterministic <= 3) log(builder, `docker build gave different results for the same case (skipped):\n${describeCase(c)}\n${r.report}`);
          return true;
        }
        if (r.kind === 'diverge' && known.has(r.signature)) {
          if (!shrinking) stats.knownSkips++;
          return true;
        }
        shrinking = true;
        throw new Finding(r);
      });
      const details = await fc.check(property, { numRuns: remaining, seed });
      if (engineDown !== undefined) throw new Error(engineDown);
      remaining -= details.numRuns;
      if (!details.failed) break;

      const c = details.counterexample![0] as GenCase;
      const err = details.errorInstance;
      if (!(err instanceof Finding)) throw err;
      const head = `seed ${seed}, path ${details.counterexamplePath}, after ${details.numRuns} runs and ${details.numShrinks} shrinks`;
      const text = `${head}\n${describeCase(c)}\n--- differences (- docker, + emulator)\n${err.message.split('\n').slice(1).join('\n')}`;
      if (err.result.kind === 'invalid') throw new Error(`a generated case the recorder refused (a generator bug):\n${text}`);
      log(builder, `DIVERGENCE ${err.result.signature}\n${text}`);
      if (settings.save) {
        const saved = await saveFound(env, SCENARIOS, c, builder, err.result.signature);
        const what = { saved: 'saved as', exists: 'already saved as', unstable: 'NOT saved (docker gave different results on re-recording)' }[saved.status];
        log(builder, `${what} scenarios/${saved.id}\n${saved.report}`);
        if (saved.status === 'unstable') {
          // Docker itself disagreed with its first answer: not the emulator's divergence.
          stats.nondeterministic++;
          known.add(err.result.signature);
          seed += 1;
          continue;
        }
      }
      known.add(err.result.signature);
      found.push({ signature: err.result.signature, seed, text });
      seed += 1;
    }

    const secs = (Date.now() - started) / 1000;
    log(
      builder,
      `done: ${stats.built} cases in ${secs.toFixed(0)} s (${(secs / Math.max(1, stats.built - stats.repeats + stats.shrinkBuilds)).toFixed(2)} s per case built, shrinking included), ` +
        `docker ${stats.success} success / ${stats.failure} failure, ${stats.shrinkBuilds} shrink builds, ` +
        `${stats.knownSkips} more of a divergence already found, ${stats.nondeterministic} where docker was nondeterministic, ${stats.dockerBugs} hitting a known daemon bug, ${stats.repeats} generated twice` +
        (stats.timeSkips > 0 ? `, ${stats.timeSkips} not built: time limit ${settings.timeLimitMin} min` : ''),
    );
    const top = [...errors].sort((a, b) => b[1] - a[1]).slice(0, 8);
    if (top.length > 0) log(builder, `docker failures by kind:\n${top.map(([k, v]) => `  ${String(v).padStart(4)}  ${k}`).join('\n')}`);
    if (found.length > 0) {
      throw new Error(
        `${found.length} divergence(s) between the emulator and docker build (${builder}, seed ${settings.seed}):\n\n` +
          found.map((f) => `== ${f.signature}\n${f.text}`).join('\n\n'),
      );
    }
  });
});
