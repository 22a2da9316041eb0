import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO = join(import.meta.dirname, '..', '..');
/** The build to time: dist/, or another build of the same sources (DFSIM_BENCH_DIST) to compare two versions. */
export const DIST = process.env.DFSIM_BENCH_DIST ? resolve(process.env.DFSIM_BENCH_DIST) : join(REPO, 'dist');
export const CLI = join(DIST, 'cli', 'main.cjs');
export const SCENARIOS = join(REPO, 'scenarios');
export const IMAGES = join(SCENARIOS, 'images');

/**
 * A module of the built library, typed from its source. The benchmarks time the shipped code
 * (what the CLI runs), and a typecheck still needs no build.
 */
async function fromDist<T>(rel: string): Promise<T> {
  const path = join(DIST, rel);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build (npm run bench does)`);
  return (await import(pathToFileURL(path).href)) as T;
}

export type Library = typeof import('../../src/index.js');
export type PlanModule = typeof import('../../src/plan/planBuild.js');

export const loadLibrary = (): Promise<Library> => fromDist<Library>('index.js');
export const loadPlanModule = (): Promise<PlanModule> => fromDist<PlanModule>('plan/planBuild.js');
