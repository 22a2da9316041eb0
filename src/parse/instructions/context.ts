import { DockerfileError } from '../../model/errors.js';
import type { Flag, Instruction, InstructionKind, Word } from '../../model/instruction.js';
import { checkFlags, type FlagSpec, type ParsedFlags } from '../flags.js';
import type { Token } from '../logicalLine.js';
import type { Node } from '../node.js';
import type { Statement } from '../scanner.js';

/** What a converter needs besides its node: the statement it belongs to and parse options. */
export interface DecodeContext {
  readonly statement: Statement;
  readonly labs: boolean;
}

/** The fields every instruction has. */
export type BaseOf<K extends InstructionKind> = Pick<Extract<Instruction, { kind: K }>, 'kind' | 'range' | 'keyword' | 'original' | 'flags'>;

/** A converter from a node of one keyword to its typed instruction; throws bare DockerfileErrors. */
export type Converter = (node: Node, ctx: DecodeContext) => Instruction;

/**
 * The fields every instruction has, then its own, built as one literal: V8 (Node 20) gives a
 * literal that starts with a spread, `{ ...common, own }`, a new hidden class per added key,
 * which costs microseconds per instruction.
 */
export function instruction<K extends InstructionKind, T extends object>(kind: K, node: Node, ctx: DecodeContext, own: T): BaseOf<K> & T {
  const { line, range } = ctx.statement;
  return {
    kind,
    range: { start: line.position(node.keyword.start), end: range.end },
    keyword: node.keyword.text,
    original: node.original.text,
    flags: flagsOf(node, ctx),
    ...own,
  } as BaseOf<K> & T;
}

export function word(token: Token, ctx: DecodeContext): Word {
  return { text: token.text, range: ctx.statement.line.range(token.start, token.end) };
}

/** Every flag word as a Flag: `--name=value`, or `--name` with no value. */
export function flagsOf(node: Node, ctx: DecodeContext): Flag[] {
  return node.flags.map((token) => {
    const body = token.text.slice(2);
    const eq = body.indexOf('=');
    return {
      name: eq < 0 ? body : body.slice(0, eq),
      value: eq < 0 ? undefined : body.slice(eq + 1),
      range: ctx.statement.line.range(token.start, token.end),
    };
  });
}

export function parseFlags(node: Node, ctx: DecodeContext, spec: FlagSpec): ParsedFlags {
  return checkFlags(flagsOf(node, ctx), spec);
}

export function invalid(message: string): DockerfileError {
  return new DockerfileError('invalid-argument', message);
}
