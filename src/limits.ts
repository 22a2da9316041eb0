/**
 * Resource limits of one emulated build. Docker has almost none of these: a real build is bounded
 * by the daemon's disk and memory, the emulator by one process's heap and stack. Each default is
 * far above what real projects reach (the reason says by how much), so only hostile or broken
 * input meets one; it then fails the build with `DockerfileError('limit-exceeded')` naming the
 * limit and how to raise it, instead of exhausting memory, the stack or the user's patience.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FsTree } from './fs/tree.js';
import { DockerfileError } from './model/errors.js';

export interface Limits {
  /** Bytes of Dockerfile text. */
  readonly dockerfileBytes: number;
  /** Stages (`FROM` lines) in the Dockerfile; every link of an ONBUILD chain is one. */
  readonly stages: number;
  /** Nesting of `${…}` inside `${…}` in one word. */
  readonly expansionDepth: number;
  /** Characters of one expanded word (ENV/ARG/LABEL values, paths, heredoc bodies). */
  readonly expansionLength: number;
  /** Value length × pattern length of one `${v#p}`, `${v%p}` or `${v/p/r}`. */
  readonly patternSteps: number;
  /** Entries (files, directories, links) read from a context directory. */
  readonly contextEntries: number;
  /** Components of any path in the context, an archive or the image. */
  readonly pathDepth: number;
  /** Entries COPY and ADD write into stages in one build. */
  readonly files: number;
  /** Bytes ADD extracts from local archives in one build (after decompression). */
  readonly archiveBytes: number;
  /** Members ADD extracts from local archives in one build. */
  readonly archiveEntries: number;
  /** Predicted size of the final image's files (a hard-linked file counts once). */
  readonly imageBytes: number;
}

export type LimitName = keyof Limits;

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  dockerfileBytes: 1 * MiB,
  stages: 1000,
  expansionDepth: 200,
  expansionLength: 4 * MiB,
  patternSteps: 100_000_000,
  contextEntries: 1_000_000,
  pathDepth: 1024,
  files: 1_000_000,
  archiveBytes: 2 * GiB,
  archiveEntries: 1_000_000,
  imageBytes: 100 * GiB,
});

/** Why each default is what it is: the README's Safety section repeats these. */
export const LIMIT_REASONS: Readonly<Record<LimitName, string>> = Object.freeze({
  dockerfileBytes: 'the largest real Dockerfiles are around 100 KB; parsing is linear but every instruction is kept',
  stages: 'real multi-stage files have tens of stages; each stage copies its parent\'s config and history',
  expansionDepth: 'real words nest a few levels; the expander recurses and the JS stack ends near 1,700 levels',
  expansionLength:
    'real values are at most a few KB; `ENV a=$a$a` repeated doubles a value per line, 30 lines make gigabytes',
  patternSteps: 'matching is value × pattern steps (no backtracking); 10^8 steps take about a second',
  contextEntries: 'large monorepo contexts send a few hundred thousand entries; each costs memory for its stat',
  pathDepth: 'Linux paths end at 4096 bytes (about 2048 levels), real trees are under 50 deep; deep paths cost quadratic work',
  files:
    'a COPY of a whole node_modules writes some 10^5 entries; `COPY --from` of a stage into the next doubles the count per stage',
  archiveBytes: 'extracted archives are held in memory; real ADD tarballs are up to a few hundred MB',
  archiveEntries: 'a full OS root filesystem has some 10^5 members; each costs memory',
  imageBytes: 'the largest real images are a few tens of GB; an exporter would write all of it',
});

/** The hard ceiling of `expansionDepth`: deeper recursion overflows Node's default stack. */
export const MAX_EXPANSION_DEPTH = 1000;

const NAMES = Object.keys(DEFAULT_LIMITS) as LimitName[];

export function isLimitName(name: string): name is LimitName {
  return (NAMES as string[]).includes(name);
}

/** The defaults with `overrides` applied; a misused override throws a TypeError naming it. */
export function resolveLimits(overrides: unknown, where = 'emulate(): option "limits"'): Limits {
  if (overrides === undefined) return DEFAULT_LIMITS;
  if (typeof overrides !== 'object' || overrides === null) throw new TypeError(`${where} must be an object of numbers`);
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isLimitName(name)) throw new TypeError(`${where}: unknown limit "${name}" (known: ${NAMES.join(', ')})`);
    if (typeof value !== 'number' || !(value === Infinity || (Number.isSafeInteger(value) && value > 0))) {
      throw new TypeError(`${where}: limit "${name}" must be a positive whole number or Infinity`);
    }
    if (name === 'expansionDepth' && value > MAX_EXPANSION_DEPTH) {
      throw new TypeError(`${where}: limit "expansionDepth" cannot exceed ${MAX_EXPANSION_DEPTH} (the JS stack)`);
    }
    limits[name] = value;
  }
  return limits as unknown as Limits;
}

/** The limits and the running totals of one build. */
class Budget {
  private readonly used: Partial<Record<LimitName, number>> = {};
  constructor(readonly limits: Limits) {}

  /** Adds `amount` to a per-build total and fails once it passes the limit. */
  charge(name: LimitName, amount: number, what: string): void {
    const total = (this.used[name] ?? 0) + amount;
    this.used[name] = total;
    if (total > this.limits[name]) throw limitExceeded(name, `${what}: more than ${this.limits[name]}`);
  }

  remaining(name: LimitName): number {
    return this.limits[name] - (this.used[name] ?? 0);
  }
}

const scope = new AsyncLocalStorage<Budget>();
/** Outside any build (a direct parseDockerfile call) the defaults apply, with fresh totals each time. */
const outside = (): Budget => new Budget(DEFAULT_LIMITS);

/** Runs one build's work (sync or async) with these limits and fresh totals. */
export function withLimits<T>(limits: Limits, run: () => T): T {
  return scope.run(new Budget(limits), run);
}

export function currentLimits(): Limits {
  return scope.getStore()?.limits ?? DEFAULT_LIMITS;
}

/** Counts toward a per-build total (`files`, `archiveBytes`, `archiveEntries`). */
export function charge(name: LimitName, amount: number, what: string): void {
  (scope.getStore() ?? outside()).charge(name, amount, what);
}

/** What is left of a per-build total. */
export function remaining(name: LimitName): number {
  return (scope.getStore() ?? outside()).remaining(name);
}

/** Fails when `value` is over the named limit. */
export function checkLimit(name: LimitName, value: number, what: string): void {
  const limit = currentLimits()[name];
  if (value > limit) throw limitExceeded(name, `${what}: ${value}, more than ${limit}`);
}

/** The failure of a limit: what passed it, the limit, and how to raise it. */
export function limitExceeded(name: LimitName, detail: string): DockerfileError {
  return new DockerfileError(
    'limit-exceeded',
    `${detail} (limit ${name}; raise it with emulate({ limits: { ${name}: N } }) or --limit ${name}=N)`,
  );
}

/** The final image's files against `imageBytes`; hard links to one file count once. */
export function checkImageSize(tree: FsTree): void {
  const limit = currentLimits().imageBytes;
  const seen = new Set<object>();
  let total = 0;
  for (const [, node] of tree.walk()) {
    if (node.type !== 'file') continue;
    if (node.linkGroup) {
      if (seen.has(node.linkGroup)) continue;
      seen.add(node.linkGroup);
    }
    total += node.content.size;
    if (total > limit) throw limitExceeded('imageBytes', `the final image's files hold more than ${limit} bytes`);
  }
}
