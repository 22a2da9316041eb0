/**
 * A counterexample kept for good: scenarios/_found/<hash>/, recorded with both builders by the
 * recorder, so `npm test` replays it offline like any other case (listCaseIds includes `_found`).
 * The README index picks it up at the next `npm run scenarios:record` (or `-- --index-only`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseHash, materialise, type GenCase } from '../gen/case.js';
import { BUILDERS, loadCase, type Builder } from './cases.js';
import { removeStale } from './expected.js';
import { recordCase, type RecorderEnv } from './recorder.js';

export const FOUND_AREA = '_found';

export interface Saved {
  readonly id: string;
  readonly dir: string;
  /** `exists`: the same case was found before; `unstable`: Docker gave different results, not kept. */
  readonly status: 'saved' | 'exists' | 'unstable';
  /** The recorder's report lines. */
  readonly report: string;
}

/** Extra recordings a new case must repeat exactly before it joins the corpus (drift checks rely on it). */
const STABILITY_RECORDINGS = 2;

function expectedFiles(dir: string): string {
  return BUILDERS.map((b) => (existsSync(join(dir, 'expected', `${b}.json`)) ? readFileSync(join(dir, 'expected', `${b}.json`), 'utf8') : '')).join('\0');
}

export async function saveFound(env: RecorderEnv, scenarios: string, c: GenCase, builder: Builder, sig: string): Promise<Saved> {
  const id = `${FOUND_AREA}/${caseHash(c)}`;
  const dir = join(scenarios, id);
  if (existsSync(dir)) return { id, dir, status: 'exists', report: `${id}: already saved` };
  const description = `found by the differential property test (${builder}): the emulator differs in ${sig}`;
  materialise(c, dir, description);
  try {
    const rec = await recordCase(env, loadCase(scenarios, id), { builders: BUILDERS, keep: false });
    if (rec.errored) throw new Error(rec.text);
    // A builder the recorder refused (safety) is left out of the case rather than kept unrecorded.
    const skipped = rec.reports.filter((r) => r.skipped).map((r) => r.builder);
    if (skipped.length > 0) {
      const spec = loadCase(scenarios, id).spec;
      const builders = BUILDERS.filter((b) => !skipped.includes(b));
      writeFileSync(join(dir, 'build.json'), `${JSON.stringify({ ...spec, builders }, null, 2)}\n`);
      removeStale(loadCase(scenarios, id));
    }
    const first = expectedFiles(dir);
    for (let k = 0; k < STABILITY_RECORDINGS; k++) {
      const again = await recordCase(env, loadCase(scenarios, id), { builders: BUILDERS, keep: false });
      if (expectedFiles(dir) !== first) {
        rmSync(dir, { recursive: true, force: true });
        return { id, dir, status: 'unstable', report: `${rec.text}\n${again.text}` };
      }
    }
    return { id, dir, status: 'saved', report: rec.text };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
