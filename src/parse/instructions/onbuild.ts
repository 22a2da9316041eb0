import type { Instruction, OnbuildInstruction } from '../../model/instruction.js';
import { DockerfileError } from '../../model/errors.js';
import type { Node } from '../node.js';
import { instruction, type Converter, type DecodeContext, invalid, parseFlags } from './context.js';

/**
 * ONBUILD: the trigger is only screened here (no ONBUILD, FROM or MAINTAINER); it is decoded
 * for real when it runs in a child stage. The stored text is the line without `ONBUILD`, with
 * the heredoc bodies (as written, tabs kept) and terminators appended.
 */
export function onbuildInstruction(node: Node, ctx: DecodeContext, decode: Converter): OnbuildInstruction {
  const trigger = node.child;
  if (!trigger) throw invalid('ONBUILD requires at least one argument');
  parseFlags(node, ctx, {});
  const keyword = trigger.keyword.text.trim().toUpperCase();
  if (keyword === 'ONBUILD') throw invalid('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (keyword === 'MAINTAINER' || keyword === 'FROM') throw invalid(`${keyword} isn't allowed as an ONBUILD trigger`);
  let text = node.original.text.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '');
  for (const heredoc of ctx.statement.heredocs) text += `\n${heredoc.content}${heredoc.name}`;
  return instruction('ONBUILD', node, ctx, { trigger: text, instruction: decodeQuietly(trigger, ctx, decode) });
}

/** A trigger that does not decode is accepted now and fails only where it runs. */
function decodeQuietly(node: Node, ctx: DecodeContext, decode: Converter): Instruction | undefined {
  try {
    return decode(node, ctx);
  } catch (e) {
    if (e instanceof DockerfileError) return undefined;
    throw e;
  }
}
