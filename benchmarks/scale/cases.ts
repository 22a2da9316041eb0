/** The scale suite's cases: each a seeded context and Dockerfile that stress one dimension. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, SmallFiles, writeLargeFiles, writeTree, type Generated } from './generate.js';

export type Builder = 'buildkit' | 'classic';

export interface ContextRecipe {
  /** Cases naming the same key share one generated context. */
  readonly key: string;
  readonly seed: number;
  write(dir: string, rng: Rng): Generated;
}

export interface ScaleCase {
  readonly id: string;
  readonly what: string;
  readonly builder: Builder;
  readonly context: ContextRecipe;
  readonly dockerfile: string;
  /** Also time a plain walk-and-read of the context (the limit for copying all of it). */
  readonly limit?: boolean;
  /** Also time parsing and planning alone. */
  readonly plan?: boolean;
  /** Also read the history lines (the classic builder's COPY hashes are computed when read). */
  readonly history?: boolean;
  /** Whether the final tree must have at least this many entries (a sanity check on the run). */
  readonly minEntries: number;
}

const tree10k: ContextRecipe = { key: 'tree-10k', seed: 10_000, write: (dir, rng) => writeTree(dir, rng, 20, 10, 50) };
const tree100k: ContextRecipe = { key: 'tree-100k', seed: 100_000, write: (dir, rng) => writeTree(dir, rng, 100, 20, 50) };
const large1g: ContextRecipe = { key: 'large-1g', seed: 1, write: (dir, rng) => writeLargeFiles(dir, rng, 4, 256 * 2 ** 20) };
const tenFiles: ContextRecipe = {
  key: 'ten-files',
  seed: 10,
  write: (dir, rng) => {
    const files = new SmallFiles(rng);
    for (let i = 0; i < 10; i++) files.write(join(dir, `f${i}`));
    return files.stats;
  },
};
const globContext: ContextRecipe = {
  key: 'glob-30k',
  seed: 30_000,
  write: (dir, rng) => {
    const files = new SmallFiles(rng);
    for (let i = 0; i < 20_000; i++) files.write(join(dir, 'flat', `f${String(i).padStart(5, '0')}.${i % 2 ? 'js' : 'txt'}`), 256);
    for (let d = 0; d < 100; d++) {
      for (let f = 0; f < 100; f++) files.write(join(dir, 'tree', `d${String(d).padStart(3, '0')}`, `g${f}.${f % 4 ? 'json' : 'md'}`), 256);
    }
    return files.stats;
  },
};
const layerDirs: ContextRecipe = {
  key: 'layers-20x50',
  seed: 2050,
  write: (dir, rng) => {
    const files = new SmallFiles(rng);
    for (let d = 0; d < 20; d++) for (let f = 0; f < 50; f++) files.write(join(dir, `c${d}`, `f${f}.txt`));
    return files.stats;
  },
};

const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** 500 stages, each copying the previous stage's files and adding one: BuildKit must run them all. */
const stages500 = [
  'FROM scratch AS s0',
  'COPY f0 /s0/f0',
  lines(499, (k) => {
    const i = k + 1;
    return [`FROM scratch AS s${i}`, `COPY --from=s${i - 1} /s${i - 1}/ /s${i}/`, `COPY f${i % 10} /s${i}/f${i}`, `ENV S${i}=${i}`, `LABEL stage=s${i}`].join('\n');
  }),
  '',
].join('\n');

/** 1000 ARGs, each built from the one before, then 1000 ENVs reading them. */
const envChain = [
  'ARG A0=a',
  'FROM scratch',
  'ARG A0',
  lines(999, (k) => `ARG A${k + 1}=\${A${k}}.${k + 1}`),
  lines(1000, (i) => `ENV E${i}=\${A${i}:-unset} F${i}=\${E${i}}/x`),
  'WORKDIR /w/${E999}',
  '',
].join('\n');

const globs = [
  'FROM scratch',
  'COPY flat/*.txt /txt/',
  'COPY flat/f1*.js flat/f0?9?1.js /js/',
  'COPY tree/*/*.md /md/',
  'COPY tree/d0[0-4]?/g[1-5]* /some/',
  '',
].join('\n');

/** 200 stages, each FROM the one before, each adding a directory of 50 files. */
const fromChain = ['FROM scratch AS s0', 'COPY c0/ /layer0/', lines(199, (k) => `FROM s${k} AS s${k + 1}\nCOPY c${(k + 1) % 20}/ /layer${k + 1}/`), ''].join('\n');

/** The whole context copied three times over three stages: content must be shared, not copied. */
const largeCopies = ['FROM scratch AS a', 'COPY . /a/', 'FROM a AS b', 'COPY --from=a /a /b/', 'FROM b', 'COPY . /c/', ''].join('\n');

const copyAll = 'FROM scratch\nWORKDIR /app\nCOPY . .\n';

export const SCALE_CASES: readonly ScaleCase[] = [
  { id: 'copy-10k', what: '`COPY . .` of 10,000 small files', builder: 'buildkit', context: tree10k, dockerfile: copyAll, limit: true, minEntries: 10_000 },
  { id: 'copy-100k', what: '`COPY . .` of 100,000 small files', builder: 'buildkit', context: tree100k, dockerfile: copyAll, limit: true, minEntries: 100_000 },
  { id: 'copy-100k-classic', what: 'the same with the classic builder', builder: 'classic', context: tree100k, dockerfile: copyAll, limit: true, minEntries: 100_000 },
  { id: 'large-1g', what: '4 files of 256 MiB (1 GiB), copied by 3 stages', builder: 'buildkit', context: large1g, dockerfile: largeCopies, limit: true, minEntries: 12 },
  {
    id: 'large-1g-classic',
    what: 'the same with the classic builder, its history read (the `dir:<hash>` of every COPY reads the files again)',
    builder: 'classic',
    context: large1g,
    dockerfile: largeCopies,
    limit: true,
    history: true,
    minEntries: 12,
  },
  { id: 'stages-500', what: '500 stages, each `COPY --from` the one before', builder: 'buildkit', context: tenFiles, dockerfile: stages500, plan: true, minEntries: 500 },
  { id: 'stages-500-classic', what: 'the same with the classic builder', builder: 'classic', context: tenFiles, dockerfile: stages500, plan: true, minEntries: 500 },
  { id: 'env-arg-chain', what: '1,000 chained ARGs and 1,000 ENVs reading them', builder: 'buildkit', context: tenFiles, dockerfile: envChain, plan: true, minEntries: 1 },
  { id: 'glob-wide', what: '4 wildcard COPYs matching 20,350 of 30,000 files (some names repeat)', builder: 'buildkit', context: globContext, dockerfile: globs, minEntries: 10_000 },
  { id: 'from-chain-200', what: '200 stages, each `FROM` the one before, adding 50 files', builder: 'buildkit', context: layerDirs, dockerfile: fromChain, minEntries: 10_000 },
];

/** Generates a context (and returns what it holds). */
export function generateContext(recipe: ContextRecipe, dir: string): Generated {
  mkdirSync(dir, { recursive: true });
  return recipe.write(dir, new Rng(recipe.seed));
}

export function writeDockerfile(c: ScaleCase, path: string): void {
  writeFileSync(path, c.dockerfile);
}
