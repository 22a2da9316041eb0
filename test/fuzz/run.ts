/**
 * `npm run fuzz`: the fuzz property of test/fuzz/pipeline.test.ts for a long run.
 *
 *   FUZZ_RUNS=100000 FUZZ_SEED=123 npm run fuzz
 *
 * FUZZ_RUNS (default 100,000) is split over the generators; the seed is printed first, so any run
 * can be repeated. A watchdog thread kills the run and prints the input when one input takes longer
 * than FUZZ_HANG_MS (default 20 s): a synchronous hang would otherwise stop the run silently.
 * A failing input is shrunk by fast-check and printed with its seed and path.
 */
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { parseDockerfile, DockerfileError } from '../../src/index.js';
import { bytesDockerfile, fixtureImages, soupDockerfile } from './arbitraries.js';
import { archiveCase, bytesCase, checkCase, describeCase, scenarioCase, soupCase, type FuzzCase, type Outcome } from './property.js';

const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
const hangMs = Number(process.env.FUZZ_HANG_MS ?? 20_000);
console.log(`fuzz: ${runs} runs, seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);

// The watchdog: the main thread writes the current input and a heartbeat into shared memory.
const INPUT_BYTES = 1 << 20;
const shared = new SharedArrayBuffer(16 + INPUT_BYTES);
const beat = new Int32Array(shared, 0, 4); // [runs started, input length]
const input = new Uint8Array(shared, 16);
const watchdog = new Worker(
  `
  const { workerData: { shared, hangMs } } = require('node:worker_threads');
  const beat = new Int32Array(shared, 0, 4);
  const input = new Uint8Array(shared, 16);
  let last = -1, since = Date.now();
  setInterval(() => {
    const now = Atomics.load(beat, 0);
    if (now !== last) { last = now; since = Date.now(); return; }
    if (Date.now() - since < hangMs) return;
    const text = Buffer.from(input.subarray(0, Atomics.load(beat, 1))).toString();
    process.stderr.write('fuzz: HANG: run ' + now + ' has taken over ' + hangMs + ' ms; its input:\\n' + text + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, 500);
  `,
  { eval: true, workerData: { shared, hangMs } },
);
watchdog.unref();

function started(c: unknown): void {
  const bytes = Buffer.from(typeof c === 'string' ? c : describeCase(c as FuzzCase));
  const n = Math.min(bytes.length, INPUT_BYTES);
  input.set(bytes.subarray(0, n));
  Atomics.store(beat, 1, n);
  Atomics.add(beat, 0, 1);
}

const images = await fixtureImages();
const stats = new Map<string, { runs: number; ms: number; max: number; maxCpu: number; outcomes: Map<string, number> }>();
function record(kind: string, o: Outcome): void {
  const s = stats.get(kind) ?? { runs: 0, ms: 0, max: 0, maxCpu: 0, outcomes: new Map() };
  s.runs++;
  s.ms += o.ms;
  s.max = Math.max(s.max, o.ms);
  s.maxCpu = Math.max(s.maxCpu, o.cpuMs);
  const key = o.code ?? o.status;
  s.outcomes.set(key, (s.outcomes.get(key) ?? 0) + 1);
  stats.set(kind, s);
}

const shares: Array<[string, fc.Arbitrary<FuzzCase>, number]> = [
  ['soup', soupCase, 0.3],
  ['bytes', bytesCase, 0.15],
  ['scenario', scenarioCase, 0.35],
  ['archive', archiveCase, 0.1],
];
const parserRuns = Math.round(runs * 0.1);

const t0 = performance.now();
let failed = false;
try {
  fc.assert(
    fc.property(fc.oneof(bytesDockerfile, soupDockerfile), (text) => {
      started(text);
      try {
        parseDockerfile(text);
      } catch (error) {
        if (!(error instanceof DockerfileError)) throw error;
      }
    }),
    { numRuns: parserRuns, seed },
  );
  console.log(`parser: ${parserRuns} runs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [name, arbitrary, share] of shares) {
    const numRuns = Math.round(runs * share);
    const t = performance.now();
    const out = await fc.check(
      fc.asyncProperty(arbitrary, async (c) => {
        started(c);
        record(name === 'scenario' ? 'scenario' : c.kind, await checkCase(c, images));
      }),
      { numRuns, seed },
    );
    if (out.failed) {
      const error = out.errorInstance as Error | undefined;
      throw new Error(
        `${name}: FAILED after ${out.numRuns} runs (seed ${out.seed}, path "${out.counterexamplePath}")\n` +
          `error: ${error?.stack ?? String(out.errorInstance)}\n` +
          `minimal input: ${out.counterexample ? describeCase(out.counterexample[0]) : '?'}`,
      );
    }
    const s = stats.get(name);
    const outcomes = [...(s?.outcomes ?? [])].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(
      `${name}: ${numRuns} runs, ${((performance.now() - t) / 1000).toFixed(1)} s, ` +
        `mean ${((s?.ms ?? 0) / Math.max(1, s?.runs ?? 0)).toFixed(2)} ms, max ${(s?.max ?? 0).toFixed(0)} ms (CPU ${(s?.maxCpu ?? 0).toFixed(0)} ms); ${outcomes}`,
    );
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
}
const total = parserRuns + shares.reduce((n, [, , share]) => n + Math.round(runs * share), 0);
console.log(`fuzz: ${failed ? 'FAILED' : 'passed'}, ${total} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s, seed ${seed}`);
process.exit(failed ? 1 : 0);
