/**
 * Turns a generated Dockerfile spec into text against a generated context: abstract picks
 * become real context paths, earlier stage names/indices and paths known in a source stage.
 * Every reference a pull could follow is made to name something local (see dockerfile.ts).
 */
import { posix } from 'node:path';
import { contextPaths, type GenContext } from './context.js';
import { GLOBS, type Base, type DockerfileSpec, type From, type Instr, type Source, type Value } from './dockerfile.js';

/** A generated case, ready to be written as a scenario folder. */
export interface GenCase {
  readonly dockerfile: string;
  readonly context: GenContext;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** Paths every dfsim/busybox image has (the COPY --from sources of a busybox-based stage). */
const BUSYBOX_PATHS = ['/etc/passwd', '/etc/group', '/bin/sh', '/home/app', '/etc/os-release', '/root'];
/** Globs over a source stage's files, standing in for the context globs of dockerfile.ts. */
const STAGE_GLOBS = ['/etc/pass*', '/etc/*', '/home/*', '/etc/gr?up', '/nope/*'];

interface StageState {
  /** The name as written after AS, or null. */
  readonly name: string | null;
  /** Absolute paths this stage is known to have (its base's, WORKDIRs, literal COPY dests). */
  readonly known: string[];
  /** The current WORKDIR when it is a known literal. */
  workdir: string | null;
}

export function render(spec: DockerfileSpec, ctx: GenContext): GenCase {
  const lines: string[] = [];
  if (spec.globalTag) lines.push('ARG TAG=latest');
  if (spec.globalA) lines.push('ARG A=global');
  const stages: StageState[] = [];
  const used = new Set<string>();
  const paths = contextPaths(ctx);
  const dirs = new Set(ctx.dirs.map((d) => d.path));
  spec.stages.forEach((st, i) => {
    // Unique names only: duplicate stage names are a rule of their own (and classic rejects them).
    const name = st.name !== null && !used.has(st.name.toLowerCase()) ? st.name : null;
    if (name !== null) used.add(name.toLowerCase());
    const { text, state } = fromLine(st.base, stages, spec.globalTag, name);
    if (i > 0) lines.push('');
    lines.push(`FROM ${text}${name !== null ? ` AS ${name}` : ''}`);
    // A stage needs a vertex of its own (COPY, WORKDIR, RUN) for BuildKit's progress to show it ran.
    const body: Instr[] = st.body.some((b) => b.op === 'COPY' || b.op === 'WORKDIR' || b.op === 'RUN')
      ? [...st.body]
      : [{ op: 'WORKDIR', path: `/s${i}` }, ...st.body];
    for (const ins of body) lines.push(instruction(ins, { i, total: spec.stages.length, state, stages, paths, dirs }));
    stages.push(state);
  });
  const named = stages.filter((s) => s.name !== null).map((s) => s.name!);
  const target = spec.target !== null && named.length > 0 ? named[spec.target.pick % named.length]! : undefined;
  return {
    dockerfile: `${lines.join('\n')}\n`,
    context: ctx,
    ...(target !== undefined ? { target: spec.target?.upper ? target.toUpperCase() : target } : {}),
    ...(spec.buildArgs !== null ? { buildArgs: spec.buildArgs } : {}),
  };
}

function fromLine(base: Base, earlier: readonly StageState[], globalTag: boolean, name: string | null): { text: string; state: StageState } {
  const named = earlier.filter((s) => s.name !== null);
  if (base.kind === 'stage' && named.length > 0) {
    const src = named[base.pick % named.length]!;
    // upper: as written after AS (or capitalised); BuildKit matches FROM names case-sensitively.
    const text = base.upper ? (/[A-Z]/.test(src.name!) ? src.name! : src.name![0]!.toUpperCase() + src.name!.slice(1)) : src.name!.toLowerCase();
    return { text, state: { name, known: [...src.known], workdir: src.workdir } };
  }
  if (base.kind === 'image') {
    const text = base.viaArg && globalTag ? base.ref.replace(/:latest$/, ':${TAG}') : base.ref;
    return { text, state: { name, known: [...BUSYBOX_PATHS], workdir: '/' } };
  }
  return { text: 'scratch', state: { name, known: [], workdir: '/' } };
}

export function word(v: Value): string {
  const raw = v
    .map((p) => ('lit' in p ? p.lit : p.op === '' ? `$${p.ref}` : p.op === '{}' ? `\${${p.ref}}` : `\${${p.ref}${p.op}${p.word}}`))
    .join('');
  return raw === '' || /\s/.test(raw) ? `"${raw}"` : raw;
}

function resolveIn(state: StageState, p: string): string | null {
  if (p.includes('$')) return null;
  if (p.startsWith('/')) return posix.normalize(p);
  return state.workdir === null ? null : posix.join(state.workdir, p);
}

function remember(state: StageState, p: string | null): void {
  if (p !== null && p !== '/' && !state.known.includes(p.replace(/\/+$/, ''))) state.known.push(p.replace(/\/+$/, ''));
}

/** Where an instruction is rendered: stage `i` of `total`, the stages before it, the context paths. */
interface At {
  readonly i: number;
  readonly total: number;
  readonly state: StageState;
  readonly stages: readonly StageState[];
  readonly paths: readonly string[];
  /** Context paths that are directories. */
  readonly dirs: ReadonlySet<string>;
}

function instruction(ins: Instr, at: At): string {
  const { state } = at;
  switch (ins.op) {
    case 'WORKDIR': {
      const abs = resolveIn(state, ins.path);
      state.workdir = abs;
      remember(state, abs);
      return `WORKDIR ${ins.path}`;
    }
    case 'ENV': {
      const pairs = ins.pairs.map(([k, v]) => [k, k === 'PATH' ? '/opt/bin:$PATH' : word(v)] as const);
      if (ins.legacy) return `ENV ${pairs[0]![0]} ${pairs[0]![1]}`;
      return `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
    }
    case 'ARG':
      return `ARG ${ins.name}${ins.value !== null ? `=${word(ins.value)}` : ''}`;
    case 'COPY':
      return copyLine(ins, at);
    case 'USER':
      return `USER ${ins.user}`;
    case 'LABEL':
      return `LABEL ${ins.pairs.map(([k, v]) => `${/\s/.test(k) ? `"${k}"` : k}=${word(v)}`).join(' ')}`;
    case 'EXPOSE':
      return `EXPOSE ${ins.ports}`;
    case 'CMD':
    case 'ENTRYPOINT':
      return `${ins.op} ${ins.exec ? `[${ins.args.map((a) => JSON.stringify(a)).join(', ')}]` : ins.args.join(' ')}`;
    case 'RUN':
      return `RUN ${ins.command}`;
  }
}

/** `--from=` text and the source stage (undefined: the context, or an index that is no earlier stage). */
function fromFlag(from: From | null, { i, total, stages }: At): { text: string; stage?: StageState } | undefined {
  if (from === null) return undefined;
  // Only the own index (BuildKit: circular dependency) or one past the last stage: a later
  // stage's index can close a cycle through FROM edges, which crashes the daemon (lib/safety.ts).
  if (from.by === 'bad-index') return { text: String(from.offset === 0 ? i : total + from.offset - 1) };
  if (from.by === 'index') {
    if (i === 0) return undefined;
    const j = from.pick % i;
    return { text: String(j), stage: stages[j]! };
  }
  const named = stages.filter((s) => s.name !== null);
  if (named.length === 0) return undefined;
  const src = named[from.pick % named.length]!;
  return { text: from.upper ? src.name!.toUpperCase() : src.name!, stage: src };
}

function sourceText(s: Source, stage: StageState | undefined, { paths, dirs }: At): string {
  const pool = stage ? stage.known : paths;
  if (s.kind === 'literal') return stage ? (s.path === '.' ? '/home' : '/nope') : s.path;
  if (s.kind === 'glob') return stage ? STAGE_GLOBS[GLOBS.indexOf(s.pattern) % STAGE_GLOBS.length]! : s.pattern;
  if (s.kind === 'derived-glob') return pool.length === 0 ? (stage ? '/etc/*' : '*') : derivedGlob(pool[s.pick % pool.length]!, s.style);
  if (pool.length === 0) return stage ? '/nope' : '.';
  const p = pool[s.pick % pool.length]!;
  // `dir/` and `dir/.` only on context directories (on a file they are just an error).
  if (stage || !dirs.has(p)) return p;
  if (s.variant === 'slash') return `${p}/`;
  if (s.variant === 'dot') return `${p}/.`;
  return p;
}

function derivedGlob(path: string, style: 'prefix' | 'ext' | 'char' | 'dir'): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (style === 'dir') return `${dir}*`;
  if (style === 'ext') return dot > 0 ? `${dir}*${name.slice(dot)}` : `${dir}${name}*`;
  if (style === 'char') return `${dir}?${name.slice(1)}`;
  return `${dir}${name.slice(0, 1)}*`;
}

function copyLine(ins: Extract<Instr, { op: 'COPY' }>, at: At): string {
  const { state } = at;
  const from = fromFlag(ins.from, at);
  const flags: string[] = [];
  if (from) flags.push(`--from=${from.text}`);
  if (ins.chown !== null) flags.push(`--chown=${ins.chown}`);
  if (ins.chmod !== null) flags.push(`--chmod=${ins.chmod}`);
  const destText = ins.sources.length > 1 && ins.slashIfMany && !ins.dest.endsWith('/') ? `${ins.dest}/` : ins.dest;
  const args = [...ins.sources.map((s) => sourceText(s, from?.stage, at)), destText];
  const dest = resolveIn(state, destText);
  remember(state, dest);
  // A word with a space needs the JSON form.
  const json = ins.json || args.some((a) => /\s/.test(a));
  const list = json ? `[${args.map((a) => JSON.stringify(a)).join(', ')}]` : args.join(' ');
  return ['COPY', ...flags, list].join(' ');
}
