import { DockerfileError } from '../../../src/model/errors.js';
import type { Instruction, InstructionKind } from '../../../src/model/instruction.js';
import { parseDockerfile, type ParseOptions } from '../../../src/parse/parseDockerfile.js';

/** The error parseDockerfile throws, as plain data (fails the test if it returns). */
export function parseError(text: string, options?: ParseOptions): { code: string; message: string; range: unknown } {
  try {
    parseDockerfile(text, options);
  } catch (e) {
    if (e instanceof DockerfileError) return { code: e.code, message: e.message, range: e.range };
    throw e;
  }
  throw new Error(`expected an error for ${JSON.stringify(text)}`);
}

/** Just the message of the error. */
export function errorMessage(text: string, options?: ParseOptions): string {
  return parseError(text, options).message;
}

/** The instructions of `FROM a` followed by `body`, without the FROM. */
export function inStage(body: string, options?: ParseOptions): Instruction[] {
  return parseDockerfile(`FROM a\n${body}`, options).instructions.slice(1);
}

/** The only instruction after `FROM a`, checked to be of `kind`. */
export function only<K extends InstructionKind>(kind: K, body: string, options?: ParseOptions): Extract<Instruction, { kind: K }> {
  const [instruction, ...rest] = inStage(body, options);
  if (!instruction || rest.length > 0 || instruction.kind !== kind) {
    throw new Error(`expected one ${kind}, got ${JSON.stringify(inStage(body, options).map((i) => i.kind))}`);
  }
  return instruction as Extract<Instruction, { kind: K }>;
}

/** A SourceRange from line/column pairs. */
export function range(startLine: number, startColumn: number, endLine: number, endColumn: number) {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}
