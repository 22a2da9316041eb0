/**
 * fast-check arbitrary of multi-stage Dockerfiles (as an abstract spec, rendered against a
 * generated context by render.ts). Only what a real build can do offline and without a pull:
 * bases are `scratch`, the local fixtures `dfsim/busybox[-min]:latest` or an earlier stage, and
 * every `--from` names an earlier stage or a number.
 */
import fc from 'fast-check';
import { maybe, weighted } from './arb.js';

export const IMAGES = ['dfsim/busybox:latest', 'dfsim/busybox-min:latest'] as const;

/** A word made of literal and `$VAR` / `${VAR<op>word}` parts. */
export type Part = { readonly lit: string } | { readonly ref: string; readonly op: string; readonly word: string };
export type Value = readonly Part[];

export type Base =
  | { readonly kind: 'scratch' }
  | { readonly kind: 'image'; readonly ref: (typeof IMAGES)[number]; readonly viaArg: boolean }
  | { readonly kind: 'stage'; readonly pick: number; readonly upper: boolean };

/** `--from=`: an earlier stage by name or index, or (rarely) the own index or one past the last stage. */
export type From =
  | { readonly by: 'name'; readonly pick: number; readonly upper: boolean }
  | { readonly by: 'index'; readonly pick: number }
  | { readonly by: 'bad-index'; readonly offset: number };

export type Source =
  | { readonly kind: 'ctx'; readonly pick: number; readonly variant: 'as-is' | 'slash' | 'dot' }
  | { readonly kind: 'glob'; readonly pattern: string }
  /** A wildcard made from a context path (`a.txt` -> `a*`, `*.txt`, `?.txt`; `sub/x` -> `sub/*`), so it usually matches. */
  | { readonly kind: 'derived-glob'; readonly pick: number; readonly style: 'prefix' | 'ext' | 'char' | 'dir' }
  | { readonly kind: 'literal'; readonly path: '.' | 'missing.txt' };

export type Instr =
  | { readonly op: 'WORKDIR'; readonly path: string }
  | { readonly op: 'ENV'; readonly pairs: ReadonlyArray<readonly [string, Value]>; readonly legacy: boolean }
  | { readonly op: 'ARG'; readonly name: string; readonly value: Value | null }
  | {
      readonly op: 'COPY';
      readonly from: From | null;
      readonly chown: string | null;
      readonly chmod: string | null;
      readonly sources: readonly Source[];
      readonly dest: string;
      readonly slashIfMany: boolean;
      readonly json: boolean;
    }
  | { readonly op: 'USER'; readonly user: string }
  | { readonly op: 'LABEL'; readonly pairs: ReadonlyArray<readonly [string, Value]> }
  | { readonly op: 'EXPOSE'; readonly ports: string }
  | { readonly op: 'CMD' | 'ENTRYPOINT'; readonly exec: boolean; readonly args: readonly string[] }
  | { readonly op: 'RUN'; readonly command: string };

export interface StageSpec {
  readonly name: string | null;
  readonly base: Base;
  readonly body: readonly Instr[];
}

export interface DockerfileSpec {
  /** `ARG TAG=latest` before the first FROM (image bases may then be written `dfsim/busybox:${TAG}`). */
  readonly globalTag: boolean;
  /** `ARG A=global` before the first FROM: only a stage's `ARG A` brings it in. */
  readonly globalA: boolean;
  readonly stages: readonly StageSpec[];
  readonly target: { readonly pick: number; readonly upper: boolean } | null;
  /** `--build-arg`s (never TAG: a changed base tag would make Docker pull). */
  readonly buildArgs: Readonly<Record<string, string>> | null;
}

export interface GenOptions {
  /**
   * Include simple RUN file commands (mkdir, echo >, chmod, ln, rm); DFSIM_GEN_RUN=0 turns
   * them off.
   */
  readonly includeRun: boolean;
}



const STAGE_NAMES = ['base', 'build', 'Builder', 'deps', 'App', 'final'];
const VARS = ['A', 'B', 'DIR', 'V'];

const part: fc.Arbitrary<Part> = fc.oneof(
  { arbitrary: fc.record({ lit: fc.constantFrom('x', '/opt/app', 'hello world', 'a-b', 'v1.2', 'sub/dir') }), weight: 3 },
  {
    arbitrary: fc.record({
      ref: fc.constantFrom(...VARS),
      op: weighted(['', 3], ['{}', 2], [':-', 3], [':+', 2], ['#', 2], ['%', 1], ['-', 1]),
      word: fc.constantFrom('dflt', '/d', '*/', 'a', '.*'),
    }),
    weight: 2,
  },
);
const value: fc.Arbitrary<Value> = fc.array(part, { minLength: 1, maxLength: 2 });

const WORKDIRS = ['/app', '/w/x', '/tmp/work', '/app/', 'sub', '../up', './x', 'a/./b', '${DIR:-/dflt}', '/srv/$V'];
const DESTS = ['/dst/', '/dst', '/app/', '.', './', 'rel/', 'out.txt', '/d/sub/', '$DIR/', '/'];
export const GLOBS = ['*', '*.txt', 'sub/*', '.*', '?.txt', '[ab].txt', 'my dir/*', 's*'];
const CHOWNS = ['1000:1000', '0:50', '1234', 'app', 'app:staff', '1000:staff'];
const CHMODS = ['0755', '600', '0640', '4755'];
const USERS = ['app', '1000', '1000:50', 'app:staff', 'root', 'nobody', '${A:-app}'];
const PORTS = ['80', '443/tcp', '53/udp', '8080 9090', '${P:-8080}', '3000-3002'];
const ARGV = [['sh'], ['echo', 'hi'], ['/bin/sh', '-c', 'echo $A'], ['run.sh', '--flag']];
const RUNS = ['mkdir -p /r/s', 'echo x > /r.txt', 'touch /t && chmod 600 /t', 'rm -f /etc/os-release', 'ln -s /etc /e'];

// Failing sources are kept rare: two failing COPYs make BuildKit report either one (a race).
const source: fc.Arbitrary<Source> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('ctx' as const), pick: fc.nat(), variant: weighted<'as-is' | 'slash' | 'dot'>(['as-is', 4], ['slash', 1], ['dot', 1]) }), weight: 20 },
  { arbitrary: fc.record({ kind: fc.constant('glob' as const), pattern: fc.constantFrom(...GLOBS) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('derived-glob' as const), pick: fc.nat(), style: fc.constantFrom('prefix' as const, 'ext' as const, 'char' as const, 'dir' as const) }),
    weight: 4,
  },
  { arbitrary: fc.constant({ kind: 'literal' as const, path: '.' }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'literal' as const, path: 'missing.txt' }), weight: 1 },
);

const from: fc.Arbitrary<From> = fc.oneof(
  { arbitrary: fc.record({ by: fc.constant('name' as const), pick: fc.nat(), upper: weighted([false, 3], [true, 1]) }), weight: 8 },
  { arbitrary: fc.record({ by: fc.constant('index' as const), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ by: fc.constant('bad-index' as const), offset: fc.nat(3) }), weight: 1 },
);

function instr(o: GenOptions): fc.Arbitrary<Instr> {
  const kinds: Array<fc.WeightedArbitrary<Instr>> = [
    // `$DIR` alone is rare: unset, it is empty, and classic fails on an empty WORKDIR.
    { arbitrary: fc.record({ op: fc.constant('WORKDIR' as const), path: fc.oneof({ arbitrary: fc.constantFrom(...WORKDIRS), weight: 12 }, { arbitrary: fc.constant('$DIR'), weight: 1 }) }), weight: 3 },
    {
      arbitrary: fc.record({
        op: fc.constant('ENV' as const),
        pairs: fc.uniqueArray(fc.tuple(fc.constantFrom(...VARS, 'PATH'), value), { minLength: 1, maxLength: 2, selector: ([k]) => k }),
        legacy: weighted([false, 5], [true, 1]),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ op: fc.constant('ARG' as const), name: fc.constantFrom(...VARS, 'TARGETARCH'), value: maybe(value, 60) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('COPY' as const),
        from: maybe(from, 30),
        chown: maybe(fc.constantFrom(...CHOWNS), 25),
        chmod: maybe(fc.constantFrom(...CHMODS), 3),
        // Mostly one source: several are a rule of their own (and make classic want a dest/).
        sources: fc.tuple(source, maybe(source, 35), maybe(source, 15)).map(([a, b, c]) => [a, ...(b ? [b] : []), ...(c ? [c] : [])]),
        dest: fc.constantFrom(...DESTS),
        // Several sources and a dest without `/` is a rule of its own (classic fails): kept rare.
        slashIfMany: weighted([true, 4], [false, 1]),
        json: weighted([false, 6], [true, 1]),
      }),
      weight: 8,
    },
    { arbitrary: fc.record({ op: fc.constant('USER' as const), user: fc.constantFrom(...USERS) }), weight: 1 },
    {
      arbitrary: fc.record({
        op: fc.constant('LABEL' as const),
        pairs: fc.uniqueArray(fc.tuple(fc.constantFrom('version', 'org.example.title', 'my key'), value), {
          minLength: 1,
          maxLength: 2,
          selector: ([k]) => k,
        }),
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ op: fc.constant('EXPOSE' as const), ports: fc.constantFrom(...PORTS) }), weight: 1 },
    {
      arbitrary: fc.record({ op: fc.constantFrom('CMD' as const, 'ENTRYPOINT' as const), exec: fc.boolean(), args: fc.constantFrom(...ARGV) }),
      weight: 2,
    },
  ];
  if (o.includeRun) kinds.push({ arbitrary: fc.record({ op: fc.constant('RUN' as const), command: fc.constantFrom(...RUNS) }), weight: 3 });
  return fc.oneof(...kinds);
}

const base: fc.Arbitrary<Base> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'scratch' as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('image' as const), ref: weighted<(typeof IMAGES)[number]>([IMAGES[0], 4], [IMAGES[1], 1]), viaArg: weighted([false, 4], [true, 1]) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('stage' as const), pick: fc.nat(), upper: weighted([false, 7], [true, 1]) }), weight: 3 },
);

export function dockerfileArb(o: GenOptions): fc.Arbitrary<DockerfileSpec> {
  const stage = fc.record({
    name: maybe(fc.constantFrom(...STAGE_NAMES), 75),
    base,
    body: fc.array(instr(o), { maxLength: 6 }),
  });
  return fc.record({
    globalTag: weighted([false, 3], [true, 1]),
    globalA: weighted([false, 3], [true, 1]),
    stages: fc.array(stage, { minLength: 1, maxLength: 4 }),
    target: maybe(fc.record({ pick: fc.nat(), upper: weighted([false, 3], [true, 1]) }), 30),
    buildArgs: maybe(fc.dictionary(fc.constantFrom('A', 'B', 'V'), fc.constantFrom('cli', '/cli/dir', ''), { minKeys: 1, maxKeys: 2 }), 25),
  });
}
