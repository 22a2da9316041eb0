import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Builder } from './cases.js';

/** What the recorder needs to know about a Dockerfile (it never predicts a build's result from it). */
export interface StageInfo {
  readonly index: number;
  /** The lower-cased `AS` name, or undefined. */
  readonly name: string | undefined;
  /** The name BuildKit's progress and the expected files use: the name, else `stage-N`. */
  readonly display: string;
  /** The raw base (`FROM` argument) as written. */
  readonly base: string;
  readonly platform: string | undefined;
  readonly line: number;
  /** Whether the stage has an instruction of its own that makes a BuildKit vertex. */
  readonly hasOwnVertex: boolean;
  /** Keywords of its own instructions that make BuildKit vertices (RUN, COPY, ADD, WORKDIR). */
  readonly vertexKeywords: readonly string[];
}

export interface InstructionInfo {
  readonly keyword: string;
  /** 1-based line of the instruction's first line. */
  readonly line: number;
}

export interface DockerfileInfo {
  readonly stages: readonly StageInfo[];
  /** Every instruction in file order (global ARGs included), as the classic builder numbers its steps. */
  readonly instructions: readonly InstructionInfo[];
  /** `ARG` lines before the first FROM: [name, raw default | undefined]. */
  readonly globalArgs: ReadonlyArray<readonly [string, string | undefined]>;
  /** Every `--from=` / mount `from=` value with the 1-based line it sits on. */
  readonly fromRefs: ReadonlyArray<{ readonly value: string; readonly line: number }>;
  readonly text: string;
}

const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export function analyseDockerfile(text: string): DockerfileInfo {
  const df = DockerfileParser.parse(text);
  const instructions: InstructionInfo[] = [];
  const stages: StageInfo[] = [];
  const globalArgs: Array<[string, string | undefined]> = [];
  let current: { info: Omit<StageInfo, 'hasOwnVertex' | 'vertexKeywords'>; keywords: Set<string> } | undefined;
  const close = (): void => {
    if (current) stages.push({ ...current.info, hasOwnVertex: current.keywords.size > 0, vertexKeywords: [...current.keywords] });
  };
  for (const ins of df.getInstructions() as Instruction[]) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    instructions.push({ keyword, line });
    if (keyword === 'FROM') {
      close();
      const words = splitWords(ins.getRawArgumentsContent() ?? '');
      let platform: string | undefined;
      while (words[0]?.startsWith('--')) {
        const w = words.shift()!;
        const m = /^--platform=(.*)$/.exec(w);
        if (m) platform = m[1];
      }
      const base = words[0] ?? '';
      const name = words.length === 3 && words[1]!.toLowerCase() === 'as' ? words[2]!.toLowerCase() : undefined;
      const index = stages.length;
      current = { info: { index, name, display: name ?? `stage-${index}`, base, platform, line }, keywords: new Set() };
    } else if (current) {
      if (VERTEX_KEYWORDS.has(keyword)) current.keywords.add(keyword);
    } else if (keyword === 'ARG') {
      for (const w of splitWords(ins.getRawArgumentsContent() ?? '')) {
        const eq = w.indexOf('=');
        globalArgs.push(eq < 0 ? [w, undefined] : [w.slice(0, eq), unquote(w.slice(eq + 1))]);
      }
    }
  }
  close();
  const fromRefs: Array<{ value: string; line: number }> = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/(?:--from=|[\s,=]from=)("[^"]*"|'[^']*'|[^\s,]+)/gi)) {
      fromRefs.push({ value: unquote(m[1]!), line: i + 1 });
    }
  });
  return { stages, instructions, globalArgs, fromRefs, text };
}

function splitWords(s: string): string[] {
  return s.split(/\s+/).filter((w) => w !== '');
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** BuildKit's predefined platform args on this (linux/amd64) machine. */
export const BUILDKIT_PLATFORM_ARGS: Readonly<Record<string, string>> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
};

/**
 * A minimal `$X` / `${X}` / `${X:-w}` / `${X-w}` / `${X:+w}` / `${X+w}` expander for the safety
 * checks only; undefined when the word uses anything else.
 */
export function expandSimple(word: string, env: ReadonlyMap<string, string>): string | undefined {
  let out = '';
  for (let i = 0; i < word.length; ) {
    const c = word[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(word.slice(i));
    if (simple) {
      out += env.get(simple[1]!) ?? '';
      i += simple[0].length;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\}/.exec(word.slice(i));
    if (!braced) return undefined;
    const [, name, op, alt] = braced;
    const v = env.get(name!);
    if (op === undefined) out += v ?? '';
    else if (op === ':-') out += v === undefined || v === '' ? alt! : v;
    else if (op === '-') out += v === undefined ? alt! : v;
    else if (op === ':+') out += v !== undefined && v !== '' ? alt! : '';
    else out += v !== undefined ? alt! : '';
    i += braced[0].length;
  }
  return out;
}

/** The global (meta) args as a builder sees them in FROM lines. */
export function globalEnv(info: DockerfileInfo, builder: Builder, buildArgs: Readonly<Record<string, string>>): Map<string, string> {
  const env = new Map<string, string>(builder === 'buildkit' ? Object.entries(BUILDKIT_PLATFORM_ARGS) : []);
  for (const [name, raw] of info.globalArgs) {
    if (Object.hasOwn(buildArgs, name)) env.set(name, buildArgs[name]!);
    else if (raw !== undefined) env.set(name, expandSimple(raw, env) ?? '');
    else if (builder === 'classic' || !Object.hasOwn(BUILDKIT_PLATFORM_ARGS, name)) env.delete(name);
  }
  return env;
}

// distribution/reference grammar, slightly permissive (treating a ref as valid only makes us check more).
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** Whether Docker could take this string as an image reference (and so might try to pull it). */
export function couldBeImageRef(s: string): boolean {
  return REFERENCE.test(s);
}
