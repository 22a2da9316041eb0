import type { ExposeInstruction, VolumeInstruction } from '../../model/instruction.js';
import { compareGoStrings, trimSpan } from '../goText.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags, word } from './context.js';

/** EXPOSE: BuildKit sorts the (unexpanded) ports here, which orders its history text. */
export function exposeInstruction(node: Node, ctx: DecodeContext): ExposeInstruction {
  if (node.args.length === 0) throw invalid('EXPOSE requires at least one argument');
  parseFlags(node, ctx, {});
  const ports = [...node.args].sort((a, b) => compareGoStrings(a.text, b.text)).map((t) => word(t, ctx));
  return instruction('EXPOSE', node, ctx, { ports });
}

/** VOLUME: each item is trimmed and must not be empty (possible in the JSON form). */
export function volumeInstruction(node: Node, ctx: DecodeContext): VolumeInstruction {
  if (node.args.length === 0) throw invalid('VOLUME requires at least one argument');
  parseFlags(node, ctx, {});
  const volumes = node.args.map((arg) => {
    const [start, end] = trimSpan(arg.text, 0, arg.text.length);
    if (start === end) throw invalid('VOLUME specified can not be an empty string');
    return word({ ...arg, text: arg.text.slice(start, end) }, ctx);
  });
  return instruction('VOLUME', node, ctx, { volumes });
}
