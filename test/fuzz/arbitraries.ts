/**
 * Hostile inputs for the fuzz tests (test/fuzz/*.test.ts) and the long runner (test/fuzz/run.ts):
 * random bytes, instruction soup, and mutations of the recorded scenario Dockerfiles, built with
 * small in-memory contexts full of traps (archives with absolute and `..` members, symlinks out
 * of the context and in loops).
 */
import fc from 'fast-check';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { inlineImage, loadImageArchive, type BuildResult, type ContextFiles, type EmulateOptions, type LoadedImage } from '../../src/index.js';
import type { FailureCode } from '../../src/model/errors.js';
import { listCaseIds, loadCase } from '../docker/lib/cases.js';
import { EVIL_TAR, gz, header, paxRecords, tar, withChecksum } from './tar.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'scenarios');

// --- the context every generated Dockerfile is built with -------------------------------------

const SMALL_TAR = tar([
  { name: 'dir/', type: '5' },
  { name: 'dir/a.txt', data: 'a\n' },
  { name: 'dir/link', type: '2', linkname: 'a.txt' },
  { name: 'dir/hard', type: '1', linkname: 'dir/a.txt' },
]);

/** The in-memory context of every generated build: small, with every trap. */
export const HOSTILE_CONTEXT: ContextFiles = {
  a: 'a\n',
  'b.txt': 'b\n',
  'dir/c': 'c\n',
  'dir/sub/d': 'd\n',
  'empty/': null,
  'exec.sh': { content: '#!/bin/sh\n', mode: 0o4755 },
  'a.tar': SMALL_TAR,
  'a.tar.gz': gz(SMALL_TAR),
  'evil.tar': EVIL_TAR,
  'evil.tgz': gz(EVIL_TAR),
  'fake.tar.gz': Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3]),
  'fake.xz': Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0, 1]),
  'link-abs': { symlink: '/etc/passwd' },
  'link-up': { symlink: '../../../../etc/passwd' },
  'link-dir': { symlink: 'dir' },
  loop: { symlink: 'loop' },
  'loop-a': { symlink: 'loop-b' },
  'loop-b': { symlink: 'loop-a' },
};

// --- instruction soup -------------------------------------------------------------------------

const KEYWORDS = [
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'from', 'copy', 'add', 'FRM', 'onbuild onbuild',
  '#', '# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all',
];
const FLAGS = [
  '--from=0', '--from=1', '--from=base', '--from=dfsim/busybox:latest', '--from=${A}', '--from', '--chown=1:1',
  '--chown=app:staff', '--chown=${A}', '--chmod=755', '--chmod=4755', '--chmod=u+x', '--link', '--parents',
  '--exclude=*.md', '--platform=linux/amd64', '--platform=$BUILDPLATFORM', '--mount=type=bind,from=base,target=/x',
  '--mount=type=cache,target=/c', '--network=none', '--checksum=sha256:00', '--keep-git-dir', '--interval=1s',
  '--retries=3', '--start-period=0s', '--', '--=', '--a=b', '--chmod=',
];
const ARGS = [
  'scratch', 'base', 'dfsim/busybox:latest', 'AS', 'as', 'base', '/', '.', './', '..', 'a', 'a/', 'dir', 'dir/',
  'dir/*', '*', '**', '?', '[a-', 'a.tar', 'a.tar.gz', 'evil.tar', 'evil.tgz', 'fake.tar.gz', 'fake.xz', 'link-abs',
  'link-up', 'link-dir/', 'loop', 'loop-a/x', 'empty', 'exec.sh', '/etc/passwd', '../../etc/passwd', '/x/', '/x',
  '/etc/', 'k=v', 'k="v w"', 'k=', '=v', "'", '"', '${A}', '${A:-x}', '${A:+${B}}', '${A//a/b}', '${A#*}', '${A%%?}',
  '${A:?}', '${', '$A', '$$', '\\', '`', '[', ']', '["a","b"]', '["a",', '[1]', '{}', '<<EOF', '<<-EOF', '<<"EOF"',
  'EOF', 'NONE', 'CMD', '80/tcp', '80-90/udp', '0x', 'nobody', '1000:1000', '😀', '\t', '\u00a0', '\u0000',
  'http://example.invalid/x', 'git@example.invalid:x.git', 'SIGKILL', '9', '-', '\\\\', '\uFFFD',
];
const ENDINGS = ['\n', '\n', '\n', '\n', '\r\n', '\r', ' \\\n', '\\\n'];

const soupLine = fc
  .tuple(
    fc.constantFrom('', '', ' ', '\t'),
    fc.constantFrom(...KEYWORDS),
    fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }),
    fc.array(fc.constantFrom(...ARGS), { maxLength: 5 }),
    fc.constantFrom(...ENDINGS),
    fc.option(fc.array(fc.constantFrom('hello', 'EOF', '$A', '\tEOF', '"', ''), { maxLength: 3 }), { nil: undefined }),
  )
  .map(([indent, keyword, flags, args, end, body]) => {
    const line = indent + [keyword, ...flags, ...args].join(' ') + end;
    return body ? line + body.join('\n') + '\n' : line;
  });

const pick = <T>(...items: T[]): fc.Arbitrary<T> => fc.constantFrom(...items);
const word = pick(...ARGS);
const path = pick('/', '/x', '/x/', 'rel', 'rel/', '.', '/etc/', '/etc/passwd', 'link-dir/', '/x/../../y', '${A}', '$A/', '/loop/');
const source = pick('a', 'b.txt', 'dir', 'dir/', 'dir/*', '*', '.', 'a.tar', 'evil.tar', 'evil.tgz', 'm.tar', 's.tar', 'link-abs', 'link-up', 'link-dir', 'loop', 'loop-a', 'empty', '../../etc/passwd', '/etc/passwd', '${A}', 'missing');

/** Instructions that mostly parse, so that most runs reach the executor. */
const validLine: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(pick('scratch', 'dfsim/busybox:latest', 'tiny:latest', 'tiny-onbuild:latest', 'tiny', 'base', '0', '${A:-scratch}'), fc.option(pick('base', 'b2', 'Base'), { nil: undefined }))
    .map(([image, name]) => `FROM ${image}${name ? ` AS ${name}` : ''}`),
  fc.tuple(pick('COPY', 'ADD', 'ONBUILD COPY', 'ONBUILD ADD'), fc.subarray(['--from=base', '--chown=1:2', '--chmod=700', '--link', '--from=0']), fc.array(source, { minLength: 1, maxLength: 3 }), path)
    .map(([kw, flags, sources, dest]) => [kw, ...flags, ...sources, dest].join(' ')),
  fc.tuple(pick('WORKDIR', 'VOLUME', 'USER', 'STOPSIGNAL', 'EXPOSE', 'MAINTAINER'), word).map(([kw, w]) => `${kw} ${w}`),
  fc.tuple(pick('ENV', 'ARG', 'LABEL', 'ONBUILD ENV'), pick('A', 'B', 'PATH', 'a.b'), word).map(([kw, k, v]) => `${kw} ${k}=${v}`),
  fc.tuple(pick('ENV', 'LABEL'), pick('A', 'B')).map(([kw, k]) => `${kw} ${k}=$${k}$${k}`),
  fc.tuple(pick('CMD', 'ENTRYPOINT', 'SHELL', 'RUN', 'HEALTHCHECK CMD', 'ONBUILD RUN'), pick('["a","b"]', 'echo hi', '[]', '["sh","-c"]', 'cat /etc/passwd', 'true'))
    .map(([kw, v]) => `${kw} ${v}`),
  pick('COPY <<EOF /x/h\nbody $A\nEOF', 'RUN <<EOF\necho\nEOF', 'COPY <<A <<B /x/\na\nA\nb\nB', 'HEALTHCHECK NONE', 'ONBUILD ONBUILD ENV A=1'),
);

const anyLine = fc.oneof({ arbitrary: validLine.map((l) => `${l}\n`), weight: 3 }, { arbitrary: soupLine, weight: 1 });

export const soupDockerfile: fc.Arbitrary<string> = fc
  .tuple(fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), fc.oneof(fc.array(validLine.map((l) => `${l}\n`), { maxLength: 12 }), fc.array(anyLine, { maxLength: 12 })))
  .map(([from, lines]) => (from ? 'FROM scratch\n' : '') + lines.join(''));

// --- random bytes -----------------------------------------------------------------------------

export const bytesDockerfile: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', 'FROM scratch\n', 'FROM dfsim/busybox:latest\nCOPY '),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom<BufferEncoding>('utf8', 'latin1'),
  )
  .map(([prefix, bytes, encoding]) => prefix + Buffer.from(bytes).toString(encoding));

// --- mutations of the recorded scenarios ------------------------------------------------------

export interface Scenario {
  readonly id: string;
  readonly dockerfile: string;
  readonly context: ContextFiles;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** A scenario's context directory and context.json, in memory, as test/docker/lib/context.ts makes it. */
function contextOf(dir: string, spec: { modes?: Record<string, string>; symlinks?: Record<string, string>; dirs?: readonly string[] } | undefined): ContextFiles {
  const files: Record<string, ContextFiles[string]> = {};
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(join(abs, name));
      if (st.isDirectory()) {
        files[`${path}/`] = null;
        walk(join(abs, name), path);
      } else if (st.isSymbolicLink()) files[path] = { symlink: readlinkSync(join(abs, name)) };
      else files[path] = { content: readFileSync(join(abs, name)), mode: st.mode & 0o111 ? 0o755 : 0o644 };
    }
  };
  if (existsSync(join(dir, 'context'))) walk(join(dir, 'context'), '');
  for (const d of spec?.dirs ?? []) files[`${d}/`] = null;
  for (const [link, target] of Object.entries(spec?.symlinks ?? {})) files[link] = { symlink: target };
  for (const [path, mode] of Object.entries(spec?.modes ?? {})) {
    const entry = files[path];
    if (entry && typeof entry === 'object' && !(entry instanceof Uint8Array) && 'content' in entry) {
      files[path] = { ...entry, mode: parseInt(mode, 8) };
    }
  }
  return files;
}

let corpus: Scenario[] | undefined;

/** Every recorded scenario: its Dockerfile text, its context in memory, its target and build args. */
export function scenarios(): Scenario[] {
  return (corpus ??= listCaseIds(SCENARIOS).map((id) => {
    const c = loadCase(SCENARIOS, id);
    return {
      id,
      dockerfile: readFileSync(c.dockerfile, 'utf8'),
      context: contextOf(c.dir, c.contextSpec as Parameters<typeof contextOf>[1]),
      ...(c.spec.target !== undefined ? { target: c.spec.target } : {}),
      ...(c.spec.buildArgs !== undefined ? { buildArgs: c.spec.buildArgs } : {}),
    };
  }));
}

const FRAGMENTS = [
  '"', "'", '<<EOF\n', '<<-EOF ', '\\\n', '\\', '`', '${', '}', '${A:-${B:-', ' --from=x', ' --chown=0 --chown=1',
  '\0', '\uFFFD', '\uD800', '\uDC80', '\r', '\r\n', ' ', '#', '# escape=`\n', '[', '"]', 'ONBUILD ', 'FROM scratch\n',
  'COPY . /\n', 'ADD evil.tar /\n', '$A$A$A$A', '..', '/../../', '*',
];

/** One edit of a Dockerfile text; the integers are reduced modulo what they index. */
export type Mutation =
  | { readonly op: 'cut' | 'dup' | 'dupFlag' | 'unquote'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly with: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'endings'; readonly to: '\r\n' | '\r' }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number }
  | { readonly op: 'huge'; readonly at: number; readonly length: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('cut' as const, 'dup' as const, 'dupFlag' as const, 'unquote' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS, ...ARGS, ...FLAGS) }),
  fc.record({ op: fc.constant('endings' as const), to: fc.constantFrom('\r\n' as const, '\r' as const) }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 150, max: 260 }) }),
  fc.record({ op: fc.constant('huge' as const), at: fc.nat(), length: fc.constantFrom(1000, 30_000, 70_000) }),
);

export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (at: number): number => at % Math.max(lines.length, 1);
  switch (m.op) {
    case 'cut':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'dup':
      lines.splice(line(m.at), 0, lines[line(m.at)] ?? '');
      return lines.join('\n');
    case 'swap': {
      const [i, j] = [line(m.at), line(m.with)];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    case 'dupFlag': {
      const i = line(m.at);
      lines[i] = (lines[i] ?? '').replace(/(\s)(--\S+)/, '$1$2 $2');
      return lines.join('\n');
    }
    case 'unquote': {
      const i = line(m.at);
      lines[i] = (lines[i] ?? '').replace(/["'](?=[^"']*$)/, '');
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'endings':
      return text.replace(/\n/g, m.to);
    case 'nest': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + '${A:-'.repeat(m.depth) + 'x' + '}'.repeat(m.depth) + text.slice(at);
    }
    case 'huge': {
      const i = line(m.at);
      lines.splice(i, 0, `ENV HUGE=${'x'.repeat(m.length)}`);
      return lines.join('\n');
    }
  }
}

export const mutatedScenario = fc
  .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([pick, mutations]) => {
    const all = scenarios();
    const s = all[pick % all.length]!;
    return { ...s, dockerfile: mutations.reduce(mutate, s.dockerfile), mutations };
  });

// --- archives ---------------------------------------------------------------------------------

/** A tar whose headers are edited and re-checksummed, so that the reader gets past the checksum. */
export const mutatedArchive: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(SMALL_TAR, EVIL_TAR),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.boolean(),
  )
  .map(([base, edits, cut, compress]) => {
    const data = Buffer.from(base);
    const blocks = data.length / 512;
    for (const [block, offset, value] of edits) {
      const b = (block % blocks) * 512;
      data[b + (offset % 512)] = value;
      withChecksum(data.subarray(b, b + 512));
    }
    const out = cut === undefined ? data : data.subarray(0, cut % (data.length + 1));
    return compress ? gz(out) : out;
  });

/** Archives with lying size fields, huge PAX values, deep names. */
export const strangeArchive: fc.Arbitrary<Buffer> = fc.constantFrom(
  tar([{ name: 'big', sizeField: '77777777777\0' }]),
  tar([{ name: 'x', type: 'x', data: paxRecords({ size: '99999999999999999999' }) }, { name: 'f' }]),
  tar([{ name: 'x', type: 'x', data: paxRecords({ uid: 'NaN', path: 'p' }) }, { name: 'f' }]),
  tar([{ name: 'x', type: 'x', data: Buffer.from('999999 path=a\n') }, { name: 'f' }]),
  tar([{ name: 'x', type: 'x', data: Buffer.from('0 path=a\n') }, { name: 'f' }]),
  tar([{ name: 'L', type: 'L', data: 'd/'.repeat(2000) + 'f' }, { name: 'short', data: 'deep' }]),
  tar([{ name: Buffer.from([0x62, 0xff, 0x61, 0x64]), data: 'not utf-8' }]),
  Buffer.concat([header({ name: 'truncated' }, 4096), Buffer.alloc(100)]),
);

// --- fixtures ---------------------------------------------------------------------------------

/** A small base image for generated builds: an /etc to write through, links that lead out. */
const TINY = inlineImage({
  ref: 'tiny:latest',
  files: {
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
    '/etc/group': 'root:x:0:\napp:x:1000:\n',
    '/bin/sh': { target: 'busybox' },
    '/bin/busybox': { content: 'not really\n', mode: 0o755 },
    '/up': { target: '../../../../..' },
    '/host-etc': { target: '/etc' },
  },
  config: { Env: ['PATH=/bin'], OnBuild: ['COPY a /onbuild-a'] },
});

/** Triggers no Dockerfile can register: a trigger that registers one, a FROM, an empty one. */
const TINY_ONBUILD = inlineImage({
  ref: 'tiny-onbuild:latest',
  files: { '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' },
  config: { OnBuild: ['ONBUILD COPY a /a', 'ONBUILD ONBUILD ENV A=1', 'FROM scratch', '', 'COPY --from=0 / /'] },
});

/** The recorded scenarios' image fixtures, by reference, and `tiny:latest`. */
export async function fixtureImages(): Promise<Record<string, LoadedImage>> {
  const dir = join(SCENARIOS, 'images');
  const loaded = await Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith('.tar'))
      .map((f) => loadImageArchive(join(dir, f))),
  );
  return { ...Object.fromEntries(loaded.map((image) => [image.ref, image])), 'tiny:latest': TINY, 'tiny-onbuild:latest': TINY_ONBUILD };
}

// --- what every result must be ----------------------------------------------------------------

const CODES = new Set<FailureCode>([
  'parse-error', 'syntax-error', 'empty-dockerfile', 'no-stages', 'unknown-instruction', 'unknown-flag', 'invalid-flag',
  'invalid-argument', 'unknown-target', 'invalid-stage-name', 'duplicate-stage-name', 'circular-dependency',
  'invalid-stage-reference', 'expansion-error', 'requires-buildkit', 'source-not-found', 'run-failed', 'no-source-files',
  'invalid-destination', 'file-conflict', 'invalid-chown', 'invalid-chmod', 'missing-image', 'unsupported',
  'limit-exceeded', 'context-error',
]);

/**
 * Codes that always belong to one instruction, so the failure must say where: parse errors of a
 * line and everything a step does. The rest can also belong to the whole build (no instructions,
 * an unknown --target, a limit on the whole Dockerfile or image, the context directory).
 */
const LOCATED = new Set<FailureCode>([
  'parse-error', 'unknown-instruction', 'unknown-flag', 'invalid-flag', 'expansion-error', 'source-not-found',
  'no-source-files', 'invalid-destination', 'invalid-chown', 'invalid-chmod',
]);

const isPosition = (p: unknown): boolean => {
  const q = p as { line?: unknown; column?: unknown } | undefined;
  return Number.isInteger(q?.line) && (q!.line as number) >= 1 && Number.isInteger(q?.column) && (q!.column as number) >= 1;
};

/** Throws (fails the property) unless `result` is a well-formed success or failure. */
export function checkResult(result: BuildResult): void {
  if (result.status !== 'success' && result.status !== 'failure') throw new Error(`status ${String(result.status)}`);
  const f = result.failure;
  if (result.status === 'success') {
    if (f !== undefined) throw new Error('a success with a failure');
  } else {
    if (!f) throw new Error('a failure without failure details');
    if (!CODES.has(f.code)) throw new Error(`unknown failure code ${String(f.code)}`);
    if (typeof f.message !== 'string' || f.message === '') throw new Error(`failure ${f.code} without a message`);
    if (f.range !== undefined && !(isPosition(f.range.start) && isPosition(f.range.end))) {
      throw new Error(`failure ${f.code} with a bad range ${JSON.stringify(f.range)}`);
    }
    if ((LOCATED.has(f.code) || f.stage !== undefined) && f.range === undefined) {
      throw new Error(`failure ${f.code} without a line: ${f.message}`);
    }
  }
  JSON.stringify(result); // plain data: no cycles, no BigInt
}

/** Per-input time bound: generous for slow CI machines, far below a hang. */
export const TIME_BOUND_MS = 2000;

export type Input = { readonly dockerfile: string } & Omit<EmulateOptions, 'dockerfile'>;
