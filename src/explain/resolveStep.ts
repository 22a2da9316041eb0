import { posix } from 'node:path';
import { expandWord } from '../expand/expandWord.js';
import { DockerfileError } from '../model/errors.js';
import type { ImageConfig } from '../model/image.js';
import type { Instruction, ParsedDockerfile } from '../model/instruction.js';
import type { BuildResult, StepTrace } from '../model/result.js';
import { parseTrigger } from '../parse/parseDockerfile.js';

/** What a COPY/ADD/WORKDIR step resolved its words to. */
export interface ResolvedPaths {
  /** Sources as the step read them: `app/`, `stage dev:/app/dist`, `<<EOF` (a heredoc). */
  readonly sources: readonly string[];
  /** The absolute destination (COPY/ADD) or directory (WORKDIR). */
  readonly destination: string;
  /** True for sources read from the build context. */
  readonly fromContext: boolean;
}

/** The parsed instruction a step ran: the Dockerfile's own at that line, or an ONBUILD trigger parsed alone. */
export function instructionOf(step: StepTrace, parsed: ParsedDockerfile | undefined): Instruction | undefined {
  const own = parsed?.instructions.find((i) => i.range.start.line === step.line && i.original === step.instruction);
  if (own) return own;
  try {
    return parseTrigger(step.instruction);
  } catch (error) {
    if (error instanceof DockerfileError) return undefined;
    throw error;
  }
}

const workdirOf = (config: ImageConfig | undefined): string => config?.WorkingDir || '/';

/**
 * The working directory each step ran in. A step's trace only shows WORKDIR changes, so the
 * directory before a stage's first change is that change's "before" value, and in a stage
 * without any, the stage's final one.
 */
export function workdirs(result: BuildResult): string[] {
  const steps = result.steps ?? [];
  const finalConfig = new Map((result.snapshots ?? []).map((s) => [s.stage, s.config]));
  if (result.target !== undefined && result.config) finalConfig.set(result.target, result.config);
  const out: string[] = [];
  steps.forEach((step, k) => {
    let dir: string | undefined;
    for (let j = k - 1; j >= 0 && steps[j]!.stage === step.stage; j--) {
      const change = steps[j]!.config.WorkingDir;
      if (change) {
        dir = String(change.after ?? '') || '/';
        break;
      }
    }
    for (let j = k; dir === undefined && j < steps.length && steps[j]!.stage === step.stage; j++) {
      const change = steps[j]!.config.WorkingDir;
      if (change) dir = String(change.before ?? '') || '/';
    }
    out.push(dir ?? workdirOf(finalConfig.get(step.stage)));
  });
  return out;
}

/** A path against a working directory, keeping a trailing slash (it means "into this directory"). */
function absolute(path: string, workdir: string): string {
  const joined = posix.resolve(workdir, path);
  return path.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}

/** Expands a COPY/ADD/WORKDIR step's words with the values its trace recorded. */
export function resolvePaths(step: StepTrace, instruction: Instruction | undefined, workdir: string, escapeToken: '\\' | '`'): ResolvedPaths | undefined {
  if (!instruction) return undefined;
  const lookup = (name: string): string | undefined => step.variables[name] ?? undefined;
  const expand = (text: string): string => {
    try {
      return expandWord(text, lookup, { escapeToken });
    } catch (error) {
      if (error instanceof DockerfileError) return text;
      throw error;
    }
  };
  if (instruction.kind === 'WORKDIR') {
    return { sources: [], destination: absolute(expand(instruction.path.text), workdir), fromContext: false };
  }
  if (instruction.kind !== 'COPY' && instruction.kind !== 'ADD') return undefined;
  const heredocs = new Set(instruction.heredocs.map((h) => h.name));
  const from = instruction.kind === 'COPY' && instruction.from?.value !== undefined ? instruction.from.value : undefined;
  const sources = instruction.sources.map((word) => {
    const heredoc = /^<<-?["']?([^"']+)["']?$/.exec(word.text);
    if (heredoc && heredocs.has(heredoc[1]!)) return word.text;
    const path = expand(word.text);
    return from !== undefined ? `${from}:${posix.resolve('/', path)}${path.endsWith('/') ? '/' : ''}` : path;
  });
  return { sources, destination: absolute(expand(instruction.destination.text), workdir), fromContext: from === undefined };
}
