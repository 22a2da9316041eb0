/**
 * The recorded corpus: every case under scenarios/ built by the emulator with each builder and
 * compared with what the real build recorded (outcome, error, stages run, config, history, tree).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageArchive, type LoadedImage } from '../src/index.js';
import { listCaseIds, loadCase, type Builder, type Case } from './docker/lib/cases.js';
import { comparable, emulateCase, recorded, withoutContentDigests } from './docker/lib/compare.js';
import type { Expected } from './docker/lib/expected.js';

const ROOT = join(import.meta.dirname, '..', 'scenarios');
const IMAGES = join(ROOT, 'images');

let images: Record<string, LoadedImage> = {};
const scratch = mkdtempSync(join(tmpdir(), 'dfsim-scenarios-'));

beforeAll(async () => {
  const loaded = await Promise.all(
    readdirSync(IMAGES)
      .filter((f) => f.endsWith('.tar'))
      .map((f) => loadImageArchive(join(IMAGES, f))),
  );
  images = Object.fromEntries(loaded.map((image) => [image.ref, image]));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Cases known to differ, with the reason; they run as expected failures. */
const KNOWN: Record<string, Partial<Record<Builder, string>>> = JSON.parse(readFileSync(join(ROOT, 'known-divergences.json'), 'utf8'));

function cases(known: boolean): Array<[string, Case, Builder, Expected]> {
  const out: Array<[string, Case, Builder, Expected]> = [];
  for (const id of listCaseIds(ROOT)) {
    const c = loadCase(ROOT, id);
    for (const builder of c.builders) {
      const path = join(c.dir, 'expected', `${builder}.json`);
      const reason = KNOWN[id]?.[builder];
      if (!existsSync(path) || (reason !== undefined) !== known) continue;
      out.push([`${id} [${builder}]${reason ? ` (known: ${reason})` : ''}`, c, builder, JSON.parse(readFileSync(path, 'utf8')) as Expected]);
    }
  }
  return out;
}

async function check(c: Case, builder: Builder, expected: Expected): Promise<void> {
  const result = await emulateCase(c, builder, images, mkdtempSync(join(scratch, 'ctx-')));
  expect(withoutContentDigests(comparable(result, expected, images))).toEqual(recorded(expected));
}

describe('scenarios recorded from real builds', () => {
  it.each(cases(false))('%s', async (_name, c, builder, expected) => check(c, builder, expected));
});

// Only while some case is listed in known-divergences.json.
const knownCases = cases(true);
describe.runIf(knownCases.length > 0)('known divergences (expected to fail until fixed)', () => {
  it.fails.each(knownCases)('%s', async (_name, c, builder, expected) => check(c, builder, expected));
});
