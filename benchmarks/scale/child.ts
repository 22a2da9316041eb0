/**
 * One measurement in a fresh process, so its peak RSS is its own:
 *   tsx benchmarks/scale/child.ts '{"mode":"emulate","context":DIR,"dockerfile":FILE,"builder":"buildkit"}'
 * Prints one JSON line: the time of the measured work and the process's peak RSS.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLibrary, loadPlanModule } from '../lib/paths.js';
import { median } from '../lib/stats.js';

export type ChildMode = 'baseline' | 'emulate' | 'limit' | 'limit-sha256' | 'plan';

export interface ChildRequest {
  readonly mode: ChildMode;
  readonly context: string;
  readonly dockerfile: string;
  readonly builder: 'buildkit' | 'classic';
  /** Also read every history line, as JSON output does: the classic builder hashes COPY sources for them lazily. */
  readonly history?: boolean;
}

export interface ChildResult {
  readonly ms: number;
  /** CPU time (user + system) of the measured work: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** Peak resident set of the whole process, KiB. */
  readonly maxRssKiB: number;
  /** Resident set after the modules loaded, before the measured work, KiB. */
  readonly startRssKiB: number;
  readonly files?: number;
  readonly bytes?: number;
  readonly entries?: number;
  readonly status?: string;
  /** plan: the first planBuild call alone (after the first parse), wall and CPU. */
  readonly planMs?: number;
  readonly planCpuMs?: number;
  /** plan: the CPU time of the first parse + plan. */
  readonly coldCpuMs?: number;
  /** plan: the median CPU time of later parse + plan calls in the same process. */
  readonly warmMs?: number;
}

/** The limit: what any tool must do to copy a context: readdir, lstat and read every file. */
function walkAndRead(root: string, hash: boolean): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const data = readFileSync(path);
        if (hash) createHash('sha256').update(data).digest();
        files++;
        bytes += data.length;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

async function measure(request: ChildRequest): Promise<Omit<ChildResult, 'maxRssKiB' | 'startRssKiB' | 'cpuMs'>> {
  const { mode } = request;
  if (mode === 'baseline') return { ms: 0 };
  if (mode === 'limit' || mode === 'limit-sha256') {
    const started = performance.now();
    const read = walkAndRead(request.context, mode === 'limit-sha256');
    return { ms: performance.now() - started, ...read };
  }
  const lib = await loadLibrary();
  if (mode === 'plan') {
    const { planBuild } = await loadPlanModule();
    const text = readFileSync(request.dockerfile, 'utf8');
    const cpuSince = (from: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000;
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    const parsed = lib.parseDockerfile(text);
    const planCpu = process.cpuUsage();
    const planStarted = performance.now();
    planBuild(parsed, { builder: request.builder });
    const planMs = performance.now() - planStarted;
    const planCpuMs = cpuSince(planCpu);
    const ms = performance.now() - started;
    const coldCpuMs = cpuSince(cpu);
    const warm = Array.from({ length: 20 }, () => {
      const from = process.cpuUsage();
      planBuild(lib.parseDockerfile(text), { builder: request.builder });
      return cpuSince(from);
    });
    return { ms, coldCpuMs, planMs, planCpuMs, warmMs: median(warm) };
  }
  const started = performance.now();
  const result = await lib.emulate({ context: request.context, dockerfilePath: request.dockerfile, builder: request.builder });
  if (request.history) for (const entry of result.history) void entry.createdBy;
  const elapsed = performance.now() - started;
  return { ms: elapsed, status: result.status, entries: result.tree.length };
}

const request = JSON.parse(process.argv[2] ?? '') as ChildRequest;
// Load the library before the start RSS is taken, whatever the mode: the floor is the same for all.
await loadLibrary();
const startRssKiB = Math.round(process.memoryUsage().rss / 1024);
const cpu = process.cpuUsage();
const measured = await measure(request);
const used = process.cpuUsage(cpu);
const result: ChildResult = { ...measured, cpuMs: (used.user + used.system) / 1000, startRssKiB, maxRssKiB: process.resourceUsage().maxRSS };
process.stdout.write(JSON.stringify(result) + '\n');
