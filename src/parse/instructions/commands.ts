import type { CmdInstruction, EntrypointInstruction, ShellInstruction } from '../../model/instruction.js';
import { commandLine } from '../forms.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags } from './context.js';

export function cmdInstruction(node: Node, ctx: DecodeContext): CmdInstruction {
  parseFlags(node, ctx, {});
  return instruction('CMD', node, ctx, { command: commandLine(node) });
}

export function entrypointInstruction(node: Node, ctx: DecodeContext): EntrypointInstruction {
  parseFlags(node, ctx, {});
  return instruction('ENTRYPOINT', node, ctx, { command: commandLine(node) });
}

/** SHELL takes only a non-empty JSON array. */
export function shellInstruction(node: Node, ctx: DecodeContext): ShellInstruction {
  parseFlags(node, ctx, {});
  if (node.args.length === 0) throw invalid('SHELL requires at least one argument');
  if (!node.json) throw invalid('SHELL requires the arguments to be in JSON form');
  return instruction('SHELL', node, ctx, { shell: node.args.map((a) => a.text) });
}
