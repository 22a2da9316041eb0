/**
 * Replaying a recorded case with the emulator and putting its result in the recorded shape.
 * Shared by the offline scenario test (test/scenarios.test.ts) and the live differential
 * property test, so both judge the emulator by the same rule.
 */
import { emulate, type BuildResult, type LoadedImage } from '../../../src/index.js';
import { treeEntries } from '../../../src/report/treeEntries.js';
import type { Builder, Case } from './cases.js';
import { prepareContext } from './context.js';
import type { Expected } from './expected.js';
import { diffAgainstBase, treeLines } from './tree.js';

/** Fixture images by reference (`dfsim/busybox:latest`), as the emulator takes them. */
export type Images = Readonly<Record<string, LoadedImage>>;

/** Runs the emulator on a case as `docker build` runs it; `contextDir` is an empty scratch dir. */
export async function emulateCase(c: Case, builder: Builder, images: Images, contextDir: string): Promise<BuildResult> {
  prepareContext(c, contextDir);
  return emulate({
    dockerfilePath: c.dockerfile,
    context: contextDir,
    builder,
    images,
    ...(c.spec.target !== undefined ? { target: c.spec.target } : {}),
    ...(c.spec.buildArgs !== undefined ? { buildArgs: c.spec.buildArgs } : {}),
  });
}

/** The emulator's result in the recorded shape, with the same fields the recording has. */
export function comparable(result: BuildResult, expected: Expected, images: Images): Partial<Expected> {
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
export function withoutContentDigests(e: Partial<Expected>): Partial<Expected> {
  if (!e.history) return e;
  const history = e.history.map((h) => ({ ...h, createdBy: h.createdBy.replace(/\b(file|dir|multi):[0-9a-f]{64}/g, '$1:<digest>') }));
  return { ...e, history };
}

/** The recording as the emulator is held to it (the engine version is not predicted). */
export function recorded(expected: Expected): Partial<Expected> {
  const { engine: _engine, ...rest } = expected;
  return withoutContentDigests(rest);
}
