import type { MaintainerInstruction, StopsignalInstruction, UserInstruction, WorkdirInstruction } from '../../model/instruction.js';
import type { Token } from '../logicalLine.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags, word } from './context.js';

/** The whole argument text is the one argument; an empty one is the only arity error. */
function onlyArgument(node: Node, name: string): Token {
  if (node.args.length !== 1) throw invalid(`${name} requires exactly one argument`);
  return node.args[0]!;
}

export function workdirInstruction(node: Node, ctx: DecodeContext): WorkdirInstruction {
  const path = onlyArgument(node, 'WORKDIR');
  parseFlags(node, ctx, {});
  return instruction('WORKDIR', node, ctx, { path: word(path, ctx) });
}

export function userInstruction(node: Node, ctx: DecodeContext): UserInstruction {
  const user = onlyArgument(node, 'USER');
  parseFlags(node, ctx, {});
  return instruction('USER', node, ctx, { user: word(user, ctx) });
}

export function maintainerInstruction(node: Node, ctx: DecodeContext): MaintainerInstruction {
  const maintainer = onlyArgument(node, 'MAINTAINER');
  parseFlags(node, ctx, {});
  return instruction('MAINTAINER', node, ctx, { maintainer: maintainer.text });
}

/** STOPSIGNAL never checks its flags in frontend 1.7. */
export function stopsignalInstruction(node: Node, ctx: DecodeContext): StopsignalInstruction {
  const signal = onlyArgument(node, 'STOPSIGNAL');
  return instruction('STOPSIGNAL', node, ctx, { signal: word(signal, ctx) });
}
