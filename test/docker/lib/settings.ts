/** Knobs of the differential property test, all from the environment (see test/docker/README.md). */
import { BUILDERS, type Builder } from './cases.js';

export interface Settings {
  /** Generated cases per builder (DFSIM_RUNS). */
  readonly runs: number;
  /** fast-check seed (DFSIM_SEED; fixed when CI=true, else random). */
  readonly seed: number;
  readonly builders: readonly Builder[];
  /** Real builds one counterexample may spend on shrinking (DFSIM_SHRINK_BUDGET). */
  readonly shrinkBudget: number;
  /** Distinct divergences to collect per builder before stopping (DFSIM_MAX_FOUND). */
  readonly maxFound: number;
  /** Minutes per builder after which no new case is built (DFSIM_TIME_LIMIT). */
  readonly timeLimitMin: number;
  /** Generate RUN steps from the built-in shell's commands too (off with DFSIM_GEN_RUN=0). */
  readonly includeRun: boolean;
  /** Save counterexamples as scenarios/_found/<hash>/ (DFSIM_SAVE=0 turns it off). */
  readonly save: boolean;
}

/** The seed of CI runs: the same cases every time, so a red CI run replays locally. */
export const CI_SEED = 26_105;
export const DEFAULT_RUNS = 200;

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${raw}: expected a non-negative integer`);
  return n;
}

export function readSettings(): Settings {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const builders = (process.env.DFSIM_BUILDERS ?? BUILDERS.join(','))
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  for (const b of builders) if (!BUILDERS.includes(b as Builder)) throw new Error(`DFSIM_BUILDERS: unknown builder "${b}"`);
  return {
    runs: int('DFSIM_RUNS', DEFAULT_RUNS),
    seed: int('DFSIM_SEED', ci ? CI_SEED : Math.floor(Math.random() * 2 ** 31)),
    builders: builders as Builder[],
    shrinkBudget: int('DFSIM_SHRINK_BUDGET', 60),
    maxFound: Math.max(1, int('DFSIM_MAX_FOUND', 3)),
    timeLimitMin: int('DFSIM_TIME_LIMIT', 30),
    includeRun: process.env.DFSIM_GEN_RUN !== '0',
    save: process.env.DFSIM_SAVE !== '0',
  };
}
