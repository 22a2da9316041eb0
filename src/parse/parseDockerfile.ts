import { DockerfileError } from '../model/errors.js';
import type { Instruction, ParsedDockerfile } from '../model/instruction.js';
import { located } from './errors.js';
import { decodeInstruction, type DecodeContext } from './instructions/index.js';
import { scan } from './scanner.js';

export interface ParseOptions {
  /**
   * Parse as the `docker/dockerfile:1.7-labs` frontend: accept `COPY --parents`,
   * `COPY/ADD --exclude` and `RUN --security`, which the stable 1.7 frontend (the one
   * Docker Engine 26.1 embeds) rejects as unknown flags.
   */
  readonly labs?: boolean;
}

/**
 * Parses a Dockerfile as Docker Engine 26.1 (Dockerfile frontend 1.7) does, throwing the first
 * error it would report, worded as it words it. Errors found while checking an instruction are
 * prefixed `dockerfile parse error on line N: `; errors of the line parser itself (no
 * instructions, bad directive, unterminated heredoc, JSON with non-strings, ENV/LABEL syntax,
 * over-long line) are not, and have the code `syntax-error`: the classic daemon reports just
 * those as `failed to parse <file>: …`.
 */
export function parseDockerfile(text: string, options: ParseOptions = {}): ParsedDockerfile {
  if (text.length === 0) throw new DockerfileError('empty-dockerfile', 'the Dockerfile cannot be empty');
  const { statements, directives, warnings } = scan(text);
  const instructions: Instruction[] = [];
  let inStage = false;
  for (const statement of statements) {
    const ctx: DecodeContext = { statement, labs: options.labs ?? false };
    const prefix = `dockerfile parse error on line ${statement.startLine}: `;
    const instruction = located(statement.range, () => decodeInstruction(statement.node, ctx), prefix);
    if (instruction.kind === 'FROM') inStage = true;
    else if (!inStage && instruction.kind !== 'ARG') {
      throw new DockerfileError('parse-error', 'no build stage in current context', instruction.range);
    }
    instructions.push(instruction);
  }
  return { directives, instructions, warnings };
}

/**
 * Parses an ONBUILD trigger taken from a base image's config, as BuildKit does when the child
 * stage starts: alone, with the default escape token, errors without a line prefix.
 */
export function parseTrigger(text: string, options: ParseOptions = {}): Instruction {
  const { statements } = scan(text);
  const statement = statements[0]!;
  if (statements.length !== 1) {
    throw new DockerfileError('parse-error', 'onbuild trigger should be a single expression', statement.range);
  }
  const instruction = located(statement.range, () => decodeInstruction(statement.node, { statement, labs: options.labs ?? false }));
  if (instruction.kind === 'FROM') {
    throw new DockerfileError('parse-error', '*instructions.Stage is not a command type', instruction.range);
  }
  return instruction;
}
