/**
 * The recorded corpus: every case under scenarios/ built by the emulator with each builder and
 * compared with what the real build recorded (outcome, error, stages run, config, history, tree).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate, loadImageArchive, type BuildResult, type LoadedImage } from '../src/index.js';
import { treeEntries } from '../src/report/treeEntries.js';
import { listCaseIds, loadCase, type Builder, type Case } from './docker/lib/cases.js';
import { prepareContext } from './docker/lib/context.js';
import type { Expected } from './docker/lib/expected.js';
import { diffAgainstBase, treeLines } from './docker/lib/tree.js';

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

/** The emulator's result in the recorded shape, with the same fields the recording has. */
function comparable(result: BuildResult, expected: Expected): Partial<Expected> {
  const actual: Partial<Expected> = { outcome: result.status, stages: [...result.order] };
  if (result.failure) actual.error = result.failure.message;
  if (expected.errorLine !== undefined) actual.errorLine = result.failure?.range?.start.line;
  if (expected.config !== undefined) actual.config = result.config as Record<string, unknown>;
  if (expected.history !== undefined) actual.history = result.history.map((h) => ({ createdBy: h.createdBy, emptyLayer: h.emptyLayer }));
  if (expected.tree !== undefined) {
    const base = expected.base !== undefined ? images[expected.base] : undefined;
    if (base) {
      const diff = diffAgainstBase(result.tree, treeEntries(base.tree));
      actual.base = expected.base;
      actual.tree = treeLines(diff.tree);
      if (expected.removed !== undefined || diff.removed.length > 0) actual.removed = diff.removed;
    } else {
      actual.tree = treeLines(result.tree);
    }
  }
  return actual;
}

/**
 * The classic builder names copied content by a digest of Docker's own tar encoding of it
 * (`COPY file:<digest> in /x`), which the emulator does not reproduce; both sides drop it.
 */
function withoutContentDigests(e: Partial<Expected>): Partial<Expected> {
  if (!e.history) return e;
  const history = e.history.map((h) => ({ ...h, createdBy: h.createdBy.replace(/\b(file|dir|multi):[0-9a-f]{64}/g, '$1:<digest>') }));
  return { ...e, history };
}

function recorded(expected: Expected): Partial<Expected> {
  const { engine: _engine, ...rest } = expected;
  return withoutContentDigests(rest);
}

function cases(): Array<[string, Case, Builder, Expected]> {
  const out: Array<[string, Case, Builder, Expected]> = [];
  for (const id of listCaseIds(ROOT)) {
    const c = loadCase(ROOT, id);
    for (const builder of c.builders) {
      const path = join(c.dir, 'expected', `${builder}.json`);
      if (existsSync(path)) out.push([`${id} [${builder}]`, c, builder, JSON.parse(readFileSync(path, 'utf8')) as Expected]);
    }
  }
  return out;
}

describe('scenarios recorded from real builds', () => {
  it.each(cases())('%s', async (_name, c, builder, expected) => {
    const context = mkdtempSync(join(scratch, 'ctx-'));
    prepareContext(c, context);
    const result = await emulate({
      dockerfilePath: c.dockerfile,
      context,
      builder,
      images,
      ...(c.spec.target !== undefined ? { target: c.spec.target } : {}),
      ...(c.spec.buildArgs !== undefined ? { buildArgs: c.spec.buildArgs } : {}),
    });
    expect(withoutContentDigests(comparable(result, expected))).toEqual(recorded(expected));
  });
});
