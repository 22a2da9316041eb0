/**
 * One differential check: a generated case written as a scenario folder, recorded with the real
 * engine by the recorder, replayed by the emulator exactly as test/scenarios.test.ts does, and
 * the two compared.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { materialise, type GenCase } from '../gen/case.js';
import { loadCase, type Builder } from './cases.js';
import { comparable, emulateCase, recorded, withoutContentDigests, type Images } from './compare.js';
import { diffText, signature } from './divergence.js';
import { expectedPath, type Expected } from './expected.js';
import { recordCase, type RecorderEnv } from './recorder.js';

export type CheckResult =
  | { readonly kind: 'agree'; readonly outcome: Expected['outcome']; readonly error?: string }
  | { readonly kind: 'diverge'; readonly outcome: Expected['outcome']; readonly error?: string; readonly signature: string; readonly diff: string }
  /** The recorder refused or failed the case: a generator or recorder problem, not an emulator one. */
  | { readonly kind: 'invalid'; readonly report: string }
  /** Docker itself gave different results for the same case (not something to predict). */
  | { readonly kind: 'nondeterministic'; readonly report: string }
  /** The build hit a known daemon bug the emulator does not model (see DOCKER_BUGS). */
  | { readonly kind: 'docker-bug'; readonly report: string }
  /** The daemon stopped answering during the build (it may have crashed on this very case). */
  | { readonly kind: 'engine-down'; readonly report: string };

const ENGINE_GONE = /Cannot connect to the Docker daemon|Is the docker daemon running|connection reset by peer|error reading from server: EOF/;

/**
 * Daemon bugs that are not rules: the classic builder, after a COPY that left an empty layer
 * on an image, fails the next layer's export ("layer does not exist"); the corpus leaves such
 * builds out, so the test skips them too.
 */
const DOCKER_BUGS = [/^failed to export image: failed to create image: failed to get layer <digest>: layer does not exist$/];

/** Same comparison as vitest's toEqual in scenarios.test.ts: keys holding undefined do not count. */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * BuildKit computes the cache keys of COPY sources concurrently: with two failing COPYs either
 * error may be reported. A BuildKit failure that diverges is built BUILDKIT_RECHECKS more times, and
 * kept only if Docker repeats itself.
 */
const BUILDKIT_RECHECKS = 3;

export async function checkCase(env: RecorderEnv, images: Images, work: string, id: string, c: GenCase, builder: Builder): Promise<CheckResult> {
  const dir = join(work, id);
  const ctx = mkdtempSync(join(work, 'ctx-'));
  materialise(c, dir, 'generated', [builder]);
  try {
    const kase = loadCase(work, id);
    const rec = await recordCase(env, kase, { builders: [builder], keep: false });
    if (ENGINE_GONE.test(rec.text)) return { kind: 'engine-down', report: rec.text };
    if (rec.errored || rec.reports.some((r) => r.skipped)) return { kind: 'invalid', report: rec.text };
    const expected = JSON.parse(readFileSync(expectedPath(kase, builder), 'utf8')) as Expected;
    if (expected.outcome === 'failure' && ENGINE_GONE.test(expected.error ?? '')) return { kind: 'engine-down', report: rec.text };
    const want = plain(recorded(expected));
    let got: Partial<Expected>;
    try {
      const result = await emulateCase(kase, builder, images, ctx);
      got = plain(withoutContentDigests(comparable(result, expected, images)));
    } catch (err) {
      const e = err as Error;
      return { kind: 'diverge', outcome: expected.outcome, signature: `crash:${e.name}`, diff: `the emulator threw: ${e.stack ?? e}` };
    }
    const error = expected.error;
    if (isDeepStrictEqual(want, got)) return { kind: 'agree', outcome: expected.outcome, ...(error !== undefined ? { error } : {}) };
    if (DOCKER_BUGS.some((bug) => bug.test(expected.error ?? ''))) return { kind: 'docker-bug', report: expected.error ?? '' };
    // When a BuildKit build fails, which other stages had started by then depends on timing
    // (independent stages run concurrently): their list is not something to predict.
    if (builder === 'buildkit' && want.outcome === 'failure' && got.outcome === 'failure' && !isDeepStrictEqual(want.stages, got.stages)) {
      const { stages: _a, ...restWant } = want;
      const { stages: _b, ...restGot } = got;
      if (isDeepStrictEqual(restWant, restGot)) return { kind: 'nondeterministic', report: `stages started before a BuildKit failure depend on timing\n${diffText(want, got)}` };
    }
    // Several sources missing at cache-key time (in one COPY or in several): BuildKit checks them
    // concurrently and reports whichever fails first.
    const cacheKey = /^failed to compute cache key/;
    if (builder === 'buildkit' && cacheKey.test(want.error ?? '') && cacheKey.test(got.error ?? '')) {
      return { kind: 'nondeterministic', report: `several sources fail at cache-key time (lines ${want.errorLine} and ${got.errorLine}): BuildKit reports either\n${diffText(want, got)}` };
    }
    if (builder === 'buildkit' && expected.outcome === 'failure') {
      const first = readFileSync(expectedPath(kase, builder), 'utf8');
      for (let k = 0; k < BUILDKIT_RECHECKS; k++) {
        await recordCase(env, kase, { builders: [builder], keep: false });
        const again = readFileSync(expectedPath(kase, builder), 'utf8');
        if (again !== first) return { kind: 'nondeterministic', report: diffText(plain(JSON.parse(first) as Expected), plain(JSON.parse(again) as Expected)) };
      }
    }
    return { kind: 'diverge', outcome: expected.outcome, ...(error !== undefined ? { error } : {}), signature: signature(want, got), diff: diffText(want, got) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ctx, { recursive: true, force: true });
  }
}
