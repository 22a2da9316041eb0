/**
 * npm run bench [-- [corpus] [scale] [--write] [--no-docker] [--runs N] [--cli-runs N]
 *                  [--docker-runs N] [--scale-runs N] [--filter REGEXP] [--keep] [--inputs DIR]
 *                  [--docker-gate FILE]]
 *
 * Runs the corpus comparison against `docker build` and the scale suite (both by default),
 * prints the tables, and with --write replaces their sections in benchmarks/README.md.
 * --inputs DIR keeps the scale suite's generated contexts there for later runs. DFSIM_BENCH_DIST
 * times another build of the library than dist/ (e.g. to compare before and after a change).
 * --docker-gate FILE builds with Docker only while FILE exists (a daemon shared with others).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusMarkdown, runCorpus, type CorpusReport } from './corpus.js';
import { BenchDocker } from './lib/docker.js';
import { machineLine } from './lib/machine.js';
import { median, mib, ms, ratio, table } from './lib/stats.js';
import { runScale, scaleMarkdown, type ScaleReport } from './scale.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    write: { type: 'boolean', default: false },
    'no-docker': { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    'cli-runs': { type: 'string', default: '3' },
    'docker-runs': { type: 'string', default: '1' },
    'scale-runs': { type: 'string', default: '3' },
    filter: { type: 'string' },
    keep: { type: 'boolean', default: false },
    inputs: { type: 'string' },
    'docker-gate': { type: 'string' },
  },
});
const suites = new Set(positionals.length ? positionals : ['corpus', 'scale']);
for (const s of suites) if (s !== 'corpus' && s !== 'scale') throw new Error(`unknown suite "${s}" (corpus or scale)`);
const count = (name: 'runs' | 'cli-runs' | 'docker-runs' | 'scale-runs'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const filter = values.filter !== undefined ? new RegExp(values.filter) : undefined;
const log = (line: string): void => void process.stderr.write(line + '\n');
const README = join(import.meta.dirname, 'README.md');
/** The numbers behind the README's tables, so that a run of one suite can still state every target. */
const RESULTS = join(import.meta.dirname, 'results.json');

interface Saved {
  corpus?: CorpusReport;
  scale?: ScaleReport;
}

const machine = machineLine();
let corpus: CorpusReport | undefined;
let scale: ScaleReport | undefined;
const sections = new Map<string, string>();

if (suites.has('corpus')) {
  const docker = values['no-docker'] ? 'not run this time (--no-docker)' : await BenchDocker.connect();
  if (typeof docker === 'string') log(`Docker comparisons skipped: ${docker}`);
  corpus = await runCorpus({ runs: count('runs'), cliRuns: count('cli-runs'), dockerRuns: count('docker-runs'), docker, filter, dockerGate: values['docker-gate'], log });
  sections.set('corpus', corpusMarkdown(corpus, machine));
}
if (suites.has('scale')) {
  scale = await runScale({ runs: count('scale-runs'), filter, keep: values.keep, inputs: values.inputs, log });
  sections.set('scale', scaleMarkdown(scale, machine, count('scale-runs')));
}
// With --write, a suite not run now is taken from the last written results.
const saved: Saved = values.write && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Saved) : {};
const latest: Saved = { ...saved, ...(corpus ? { corpus } : {}), ...(scale ? { scale } : {}) };
sections.set('targets', targetsMarkdown(latest.corpus, latest.scale));

function targetsMarkdown(c: CorpusReport | undefined, s: ScaleReport | undefined): string {
  const rows: string[][] = [];
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? 'met' : '**missed**');
  const buildkit = c?.timings.filter((t) => t.builder === 'buildkit' && t.dockerMs !== undefined) ?? [];
  const pending = c === undefined ? 'corpus not run' : c.dockerNote !== undefined ? `pending: ${c.dockerNote}` : undefined;
  const emulateRatio = median(buildkit.map((t) => t.dockerMs! / t.emulateMs));
  const cliRatio = median(buildkit.map((t) => t.dockerMs! / t.cliMs));
  // Results written before the empty-process timing have no nodeMs.
  const nodeRatio = median(buildkit.flatMap((t) => (t.nodeMs !== undefined ? [t.dockerMs! / t.nodeMs] : [])));
  rows.push(['emulate() ≥ 200× faster than BuildKit (median over the corpus)', pending ?? ratio(emulateRatio), pending ? 'not measured' : verdict(emulateRatio >= 200)]);
  const ceiling = Number.isFinite(nodeRatio) ? `; an empty Node process: ${ratio(nodeRatio)}` : '';
  rows.push(['CLI process ≥ 3× faster than BuildKit (median over the corpus)', pending ?? `${ratio(cliRatio)}${ceiling}`, pending ? 'not measured' : verdict(cliRatio >= 3)]);
  const row = (id: string) => s?.rows.find((r) => r.case.id === id);
  const copy = row('copy-100k');
  const copyRatio = copy?.limit ? copy.emulate.ms / copy.limit.ms : NaN;
  const copyCpu = copy?.limit ? copy.emulate.cpuMs / copy.limit.cpuMs : NaN;
  rows.push([
    '`COPY . .` of 100k files within 2× the walk-and-read (wall; CPU for reference)',
    copy ? `${ratio(copyRatio)} (${ms(copy.emulate.ms)} vs ${ms(copy.limit!.ms)}); CPU ${ratio(copyCpu)}` : 'not run',
    verdict(copy ? copyRatio <= 2 : undefined),
  ]);
  const large = row('large-1g');
  const grown = large && s ? large.emulate.maxRssKiB - s.baseline.maxRssKiB : NaN;
  rows.push([
    'peak memory does not grow with file bytes (1 GiB context copied by 3 stages: peak RSS above an idle process < 64 MiB)',
    large ? `+${mib(grown)} (${mib(large.emulate.maxRssKiB)} peak)` : 'not run',
    verdict(large ? grown < 64 * 1024 : undefined),
  ]);
  const plan = row('stages-500');
  const p = plan?.plan;
  rows.push([
    '500-stage plan (`planBuild`, first call in a fresh process) under 50 ms; parse + plan for reference',
    p ? `${ms(p.planMs ?? NaN)} (CPU ${ms(p.planCpuMs ?? NaN)}); parse + plan ${ms(p.ms)} (CPU ${ms(p.coldCpuMs ?? NaN)}, later calls ${ms(p.warmMs ?? NaN)})` : 'not run',
    verdict(p ? (p.planMs ?? Infinity) < 50 : undefined),
  ]);
  return table(['target', 'measured', ''], rows);
}

for (const [name, text] of sections) process.stdout.write(`\n## ${name}\n\n${text}\n`);

if (values.write) {
  let readme = existsSync(README) ? readFileSync(README, 'utf8') : '';
  for (const [name, text] of sections) {
    // Only the suites that ran are replaced; the targets combine them with the saved results.
    const start = `<!-- ${name}:start (written by npm run bench -- --write) -->`;
    const end = `<!-- ${name}:end -->`;
    const block = `${start}\n\n${text}\n\n${end}`;
    const at = readme.indexOf(start);
    const stop = readme.indexOf(end);
    if (at === -1 || stop === -1) throw new Error(`benchmarks/README.md has no ${name} markers`);
    readme = readme.slice(0, at) + block + readme.slice(stop + end.length);
  }
  writeFileSync(README, readme);
  // Microseconds are plenty; one timing per line keeps the file short and its diffs readable.
  const round = (_key: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  // A scale row names its case; the generated Dockerfiles (100 kB for 500 stages) stay in cases.ts.
  const rows = latest.scale?.rows.map((r) => ({ ...r, case: { id: r.case.id, what: r.case.what, builder: r.case.builder } }));
  const stored = { ...latest, ...(latest.scale && rows ? { scale: { ...latest.scale, rows } } : {}) };
  const json = JSON.stringify(stored, round, 1).replace(/\{\n\s+("id": [^]*?)\n\s+\}/g, (_m, body: string) => `{ ${body.replace(/\n\s+/g, ' ')} }`);
  writeFileSync(RESULTS, json + '\n');
  log(`wrote ${README} and ${RESULTS}`);
}
