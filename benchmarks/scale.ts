/**
 * The scale suite: seeded generated inputs, each measured in a fresh child process (time of the
 * work, peak RSS of the process), next to the limit: a plain walk-and-read of the same context.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildMode, ChildRequest, ChildResult } from './scale/child.js';
import { generateContext, SCALE_CASES, writeDockerfile, type ScaleCase } from './scale/cases.js';
import type { Generated } from './scale/generate.js';
import { timedRun } from './lib/docker.js';
import { bytes, count, median, mib, ms, ratio, table } from './lib/stats.js';

export interface ScaleOptions {
  /** Child processes per case and mode; medians are reported. */
  readonly runs: number;
  readonly filter: RegExp | undefined;
  readonly keep: boolean;
  /** A directory where generated contexts are kept and reused by later runs (none: generated and deleted). */
  readonly inputs: string | undefined;
  readonly log: (line: string) => void;
}

export interface Measured {
  readonly ms: number;
  readonly cpuMs: number;
  readonly coldCpuMs?: number;
  readonly planMs?: number;
  readonly planCpuMs?: number;
  readonly maxRssKiB: number;
  readonly warmMs?: number;
}

export interface ScaleRow {
  readonly case: ScaleCase;
  readonly input: Generated;
  readonly emulate: Measured;
  readonly status: string;
  readonly entries: number;
  readonly limit?: Measured;
  readonly limitSha256?: Measured;
  readonly plan?: Measured;
}

export interface ScaleReport {
  readonly rows: readonly ScaleRow[];
  /** A process that only loaded the library. */
  readonly baseline: Measured;
}

const CHILD = join(import.meta.dirname, 'scale', 'child.ts');

async function child(request: ChildRequest): Promise<ChildResult> {
  const r = await timedRun(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(request)], process.env, 1_800_000);
  if (r.code !== 0) throw new Error(`benchmark child ${request.mode} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

function summary(results: readonly ChildResult[]): Measured {
  const warm = results.flatMap((r) => (r.warmMs !== undefined ? [r.warmMs] : []));
  const optional = (key: 'coldCpuMs' | 'planMs' | 'planCpuMs'): Partial<Measured> => {
    const values = results.flatMap((r) => (r[key] !== undefined ? [r[key]] : []));
    return values.length ? { [key]: median(values) } : {};
  };
  return {
    ms: median(results.map((r) => r.ms)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    maxRssKiB: median(results.map((r) => r.maxRssKiB)),
    ...(warm.length ? { warmMs: median(warm) } : {}),
    ...optional('coldCpuMs'),
    ...optional('planMs'),
    ...optional('planCpuMs'),
  };
}

export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const cases = SCALE_CASES.filter((c) => !options.filter || options.filter.test(c.id));
  const scratch = mkdtempSync(join(tmpdir(), 'dfsim-bench-scale-'));
  if (options.inputs !== undefined) mkdirSync(options.inputs, { recursive: true });
  const contexts = new Map<string, { dir: string; input: Generated }>();
  const rows: ScaleRow[] = [];
  try {
    const none = { context: scratch, dockerfile: '', builder: 'buildkit' } as const;
    const baselineRuns: ChildResult[] = [];
    for (let i = 0; i < options.runs; i++) baselineRuns.push(await child({ mode: 'baseline', ...none }));
    const baseline = summary(baselineRuns);

    for (const [n, c] of cases.entries()) {
      let ctx = contexts.get(c.context.key);
      if (!ctx) {
        const dir = join(options.inputs ?? scratch, c.context.key);
        // Beside the context, not in it: it would be copied too.
        const stamp = join(options.inputs ?? scratch, `${c.context.key}.json`);
        const started = performance.now();
        if (options.inputs !== undefined && existsSync(stamp)) {
          ctx = { dir, input: JSON.parse(readFileSync(stamp, 'utf8')) as Generated };
        } else {
          rmSync(dir, { recursive: true, force: true });
          ctx = { dir, input: generateContext(c.context, dir) };
          writeFileSync(stamp, JSON.stringify(ctx.input));
          options.log(`generated ${c.context.key}: ${count(ctx.input.files)} files, ${bytes(ctx.input.bytes)} in ${ms(performance.now() - started)}`);
        }
        contexts.set(c.context.key, ctx);
      }
      const dockerfile = join(scratch, `${c.id}.Dockerfile`);
      writeDockerfile(c, dockerfile);
      const request = (mode: ChildMode): ChildRequest => ({ mode, context: ctx.dir, dockerfile, builder: c.builder, ...(c.history ? { history: true } : {}) });
      const modes: ChildMode[] = ['emulate', ...(c.limit ? (['limit', 'limit-sha256'] as const) : []), ...(c.plan ? (['plan'] as const) : [])];
      const results = new Map<ChildMode, ChildResult[]>(modes.map((m) => [m, []]));
      // Modes alternate, so a slow phase of the machine hits all of them alike.
      for (let i = 0; i < options.runs; i++) for (const mode of modes) results.get(mode)!.push(await child(request(mode)));

      const emulated = results.get('emulate')!;
      const last = emulated[emulated.length - 1]!;
      if (last.status !== 'success' || (last.entries ?? 0) < c.minEntries) {
        throw new Error(`${c.id}: emulate() gave ${last.status} with ${last.entries} entries (expected success, ≥ ${c.minEntries})`);
      }
      const row: ScaleRow = {
        case: c,
        input: ctx.input,
        emulate: summary(emulated),
        status: last.status,
        entries: last.entries ?? 0,
        ...(c.limit ? { limit: summary(results.get('limit')!), limitSha256: summary(results.get('limit-sha256')!) } : {}),
        ...(c.plan ? { plan: summary(results.get('plan')!) } : {}),
      };
      rows.push(row);
      const limitText = row.limit ? `  limit ${ms(row.limit.ms)} (${ratio(row.emulate.ms / row.limit.ms)}; CPU ${ms(row.emulate.cpuMs)} vs ${ms(row.limit.cpuMs)})` : '';
      const planText = row.plan
        ? `  parse + plan ${ms(row.plan.ms)} cold (CPU ${ms(row.plan.coldCpuMs ?? NaN)}; planBuild ${ms(row.plan.planMs ?? NaN)}, CPU ${ms(row.plan.planCpuMs ?? NaN)}), later CPU ${ms(row.plan.warmMs ?? NaN)}`
        : '';
      options.log(`[${n + 1}/${cases.length}] ${c.id}: emulate ${ms(row.emulate.ms)} (CPU ${ms(row.emulate.cpuMs)}), peak ${mib(row.emulate.maxRssKiB)}${limitText}${planText}`);

      // A context no later case needs is deleted now (the 1 GiB one especially).
      if (!options.keep && options.inputs === undefined && !cases.slice(n + 1).some((later) => later.context.key === c.context.key)) {
        rmSync(ctx.dir, { recursive: true, force: true });
      }
    }
    return { rows, baseline };
  } finally {
    if (!options.keep) rmSync(scratch, { recursive: true, force: true });
    else options.log(`kept ${scratch}`);
  }
}

export function scaleMarkdown(report: ScaleReport, machine: string, runs: number): string {
  const { rows, baseline } = report;
  const out: string[] = [`Measured ${machine}.`, ''];
  out.push(
    `Each number is the median over ${runs} fresh child process${runs === 1 ? '' : 'es'}, the modes of a case alternating. *Wall* is the time of the work as a user waits for it; *CPU* is the process's user + system time for the same work, which a busy machine disturbs less. *Peak RSS* is the child's \`maxRSS\`; a child that only loads the library peaks at ${mib(baseline.maxRssKiB)}. The *limit* is a plain recursive \`readdirSync\` + \`lstatSync\` + \`readFileSync\` of the same context in the same kind of process; emulate() also hashes every file (the sha256 of each file in the result), so *walk + read + sha256* is shown too.`,
    '',
  );
  out.push(
    table(
      ['case', 'input', 'builder', 'emulate() wall', 'CPU', 'peak RSS', 'limit: walk + read, wall', 'CPU', 'emulate ÷ limit, wall', 'CPU', 'walk + read + sha256, wall', 'limit peak RSS'],
      rows.map((r) => [
        `\`${r.case.id}\``,
        `${r.case.what}; context ${count(r.input.files)} files, ${bytes(r.input.bytes)}; ${count(r.entries)} entries in the image`,
        r.case.builder,
        ms(r.emulate.ms),
        ms(r.emulate.cpuMs),
        mib(r.emulate.maxRssKiB),
        r.limit ? ms(r.limit.ms) : '',
        r.limit ? ms(r.limit.cpuMs) : '',
        r.limit ? `**${ratio(r.emulate.ms / r.limit.ms)}**` : '',
        r.limit ? ratio(r.emulate.cpuMs / r.limit.cpuMs) : '',
        r.limitSha256 ? ms(r.limitSha256.ms) : '',
        r.limit ? mib(r.limit.maxRssKiB) : '',
      ]),
    ),
  );
  const planned = rows.filter((r) => r.plan);
  if (planned.length > 0) {
    out.push(
      '',
      'Planning alone: `planBuild` (the stage plan: stages, dependencies, what runs) on the parsed file, and `parseDockerfile` + `planBuild` together, the first calls in a fresh process (so including the JIT warming up), then the median CPU time of 20 later calls in the same process:',
      '',
    );
    out.push(
      table(
        ['case', 'planBuild, wall', 'planBuild, CPU', 'parse + plan, wall', 'parse + plan, CPU', 'later parse + plan, CPU'],
        planned.map((r) => {
          const p = r.plan!;
          return [`\`${r.case.id}\``, ms(p.planMs ?? NaN), ms(p.planCpuMs ?? NaN), ms(p.ms), ms(p.coldCpuMs ?? NaN), ms(p.warmMs ?? NaN)];
        }),
      ),
    );
  }
  return out.join('\n');
}
