import { DockerfileError } from '../../model/errors.js';
import type { FromInstruction } from '../../model/instruction.js';
import { goQuote } from '../goText.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags, word } from './context.js';

const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

/** `FROM [--platform=p] image [AS name]`; the arity and name are checked before the flags. */
export function fromInstruction(node: Node, ctx: DecodeContext): FromInstruction {
  const { args } = node;
  // Go's strings.EqualFold("as"): `ſ` (long s) folds to `s`.
  const named = args.length === 3 && /^[aA][sSſ]$/.test(args[1]!.text);
  if (named && !STAGE_NAME.test(args[2]!.text.toLowerCase())) {
    throw new DockerfileError(
      'invalid-stage-name',
      `invalid name for build stage: ${goQuote(args[2]!.text)}, name can't start with a number or contain symbols`,
    );
  }
  if (!named && args.length !== 1) throw invalid('FROM requires either one or three arguments');
  const flags = parseFlags(node, ctx, { platform: 'string' });
  return instruction('FROM', node, ctx, {
    image: word(args[0]!, ctx),
    stageName: named ? word(args[2]!, ctx) : undefined,
    platform: flags.get('platform'),
  });
}
