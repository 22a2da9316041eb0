import type { ArgDeclaration, ArgInstruction, EnvInstruction, KeyValue, LabelInstruction } from '../../model/instruction.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags } from './context.js';

export function envInstruction(node: Node, ctx: DecodeContext): EnvInstruction {
  parseFlags(node, ctx, {});
  return instruction('ENV', node, ctx, { pairs: pairs(node, 'ENV'), legacy: node.legacy });
}

export function labelInstruction(node: Node, ctx: DecodeContext): LabelInstruction {
  parseFlags(node, ctx, {});
  return instruction('LABEL', node, ctx, { pairs: pairs(node, 'LABEL'), legacy: node.legacy });
}

/** ARG never checks its flags in frontend 1.7, so `ARG --x NAME` is accepted as is. */
export function argInstruction(node: Node, ctx: DecodeContext): ArgInstruction {
  if (node.args.length === 0) throw invalid('ARG requires at least one argument');
  const args = node.args.map(({ text }): ArgDeclaration => {
    const eq = text.indexOf('=');
    if (eq < 0) return { name: text, defaultValue: undefined };
    if (eq === 0) throw invalid('ARG names can not be blank');
    return { name: text.slice(0, eq), defaultValue: text.slice(eq + 1) };
  });
  return instruction('ARG', node, ctx, { args });
}

/** The line parser left keys and values alternating. */
function pairs(node: Node, name: string): KeyValue[] {
  if (node.args.length === 0) throw invalid(`${name} requires at least one argument`);
  const out: KeyValue[] = [];
  for (let i = 0; i < node.args.length; i += 2) {
    const key = node.args[i]!.text;
    if (key === '') throw invalid(`${name} names can not be blank`);
    out.push({ key, value: node.args[i + 1]!.text });
  }
  return out;
}
