/** The fuzz property, shared by the vitest suite (a few thousand runs) and `npm run fuzz` (long runs). */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { emulate, exportImage, type BuilderMode, type ContextFiles, type LoadedImage } from '../../src/index.js';
import {
  bytesDockerfile,
  checkResult,
  HOSTILE_CONTEXT,
  mutatedArchive,
  mutatedScenario,
  soupDockerfile,
  strangeArchive,
  TIME_BOUND_MS,
} from './arbitraries.js';

export interface FuzzCase {
  readonly kind: string;
  readonly dockerfile: string;
  readonly context: ContextFiles;
  readonly builder: BuilderMode;
  readonly target?: string | undefined;
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
}

/** A case as fast-check prints it on failure: context bytes by size and hash, not byte by byte. */
export function describeCase(c: FuzzCase): string {
  // `this[key]`, not `value`: a Buffer's toJSON has already run on `value`.
  return JSON.stringify(c, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? `<${raw.length} bytes sha256:${createHash('sha256').update(raw).digest('hex').slice(0, 12)}>` : value;
  });
}

/** Makes fast-check print a case with describeCase. */
const printable = (c: FuzzCase): FuzzCase => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) });

const builder = fc.constantFrom<BuilderMode>('buildkit', 'classic');
const buildArgs = fc.option(
  fc.constantFrom<Record<string, string>>({ A: 'x' }, { A: '${B}', B: '$A' }, { A: '/etc/passwd' }, { A: '' }),
  { nil: undefined },
);

/** The hostile context with two generated archives in it (`m.tar`, `s.tar`). */
const context = fc
  .tuple(mutatedArchive, strangeArchive)
  .map(([m, s]): ContextFiles => ({ ...HOSTILE_CONTEXT, 'm.tar': m, 's.tar': s }));

export const soupCase: fc.Arbitrary<FuzzCase> = fc
  .record({ dockerfile: soupDockerfile, context, builder, buildArgs })
  .map((c) => printable({ kind: 'soup', ...c }));

export const bytesCase: fc.Arbitrary<FuzzCase> = fc
  .record({ dockerfile: bytesDockerfile, builder })
  .map((c) => printable({ kind: 'bytes', ...c, context: HOSTILE_CONTEXT }));

export const scenarioCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(mutatedScenario, builder)
  .map(([s, b]) =>
    printable({ kind: `scenario ${s.id}`, dockerfile: s.dockerfile, context: s.context, builder: b, target: s.target, buildArgs: s.buildArgs }),
  );

export const archiveCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    base: fc.constantFrom('scratch', 'tiny:latest'),
    sources: fc.array(fc.constantFrom('m.tar', 's.tar', 'evil.tar', 'evil.tgz', 'a.tar.gz', 'fake.tar.gz', 'fake.xz'), { minLength: 1, maxLength: 3 }),
    dest: fc.constantFrom('/', '/x/', '/x', 'rel/', '/etc/', '/bin/'),
    then: fc.constantFrom('', 'FROM scratch\nCOPY --from=0 / /copy/\n', 'WORKDIR /x/etc-link/deeper\n', 'COPY a /x/out/\n'),
    context,
    builder,
  })
  .map(({ base, sources, dest, then, context: ctx, builder: b }) =>
    printable({
      kind: 'archive',
      dockerfile: `FROM ${base}\n${sources.map((s) => `ADD ${s} ${dest}\n`).join('')}${then}`,
      context: ctx,
      builder: b,
    }),
  );

/** Collects a tar export in memory: a successful result must export, or refuse for unknown content. */
async function exportToMemory(result: Awaited<ReturnType<typeof emulate>>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await exportImage(result, { type: 'tar', dest: sink });
  return Buffer.concat(chunks);
}

export interface Outcome {
  /** Wall time. */
  readonly ms: number;
  /** CPU time of the process (what the bound applies to: wall time varies with the machine's load). */
  readonly cpuMs: number;
  readonly status: string;
  readonly code: string | undefined;
}

/**
 * The property: the build ends in a well-formed result within the time bound, no exception
 * escapes, and a successful image exports as a tar (unless a step left contents unknown).
 */
export async function checkCase(c: FuzzCase, images: Readonly<Record<string, LoadedImage>>): Promise<Outcome> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await emulate({
    dockerfile: c.dockerfile,
    context: c.context,
    builder: c.builder,
    images,
    ...(c.target !== undefined ? { target: c.target } : {}),
    ...(c.buildArgs !== undefined ? { buildArgs: c.buildArgs } : {}),
  });
  checkResult(result);
  if (result.status === 'success' && result.tree.length < 5000) {
    try {
      await exportToMemory(result);
    } catch (error) {
      if (!/^cannot export .*: its content is not known/.test((error as Error).message)) throw error;
    }
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (cpuMs > TIME_BOUND_MS) throw new Error(`took ${Math.round(cpuMs)} ms of CPU, ${Math.round(ms)} ms in all (bound ${TIME_BOUND_MS} ms)`);
  return { ms, cpuMs, status: result.status, code: result.failure?.code };
}
