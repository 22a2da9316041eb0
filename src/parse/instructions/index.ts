import { DockerfileError } from '../../model/errors.js';
import type { Instruction } from '../../model/instruction.js';
import { suggest } from '../../util/suggest.js';
import type { Node } from '../node.js';
import { cmdInstruction, entrypointInstruction, shellInstruction } from './commands.js';
import type { Converter, DecodeContext } from './context.js';
import { addInstruction, copyInstruction } from './copy.js';
import { fromInstruction } from './from.js';
import { healthcheckInstruction } from './healthcheck.js';
import { argInstruction, envInstruction, labelInstruction } from './keyValue.js';
import { exposeInstruction, volumeInstruction } from './lists.js';
import { onbuildInstruction } from './onbuild.js';
import { runInstruction } from './run.js';
import { maintainerInstruction, stopsignalInstruction, userInstruction, workdirInstruction } from './single.js';

export type { DecodeContext } from './context.js';

const CONVERTERS = new Map<string, Converter>([
  ['add', addInstruction],
  ['arg', argInstruction],
  ['cmd', cmdInstruction],
  ['copy', copyInstruction],
  ['entrypoint', entrypointInstruction],
  ['env', envInstruction],
  ['expose', exposeInstruction],
  ['from', fromInstruction],
  ['healthcheck', healthcheckInstruction],
  ['label', labelInstruction],
  ['maintainer', maintainerInstruction],
  ['onbuild', (node, ctx) => onbuildInstruction(node, ctx, decodeInstruction)],
  ['run', runInstruction],
  ['shell', shellInstruction],
  ['stopsignal', stopsignalInstruction],
  ['user', userInstruction],
  ['volume', volumeInstruction],
  ['workdir', workdirInstruction],
]);

/**
 * `ParseInstruction`: checks a node's flags and arguments and types it, throwing a
 * DockerfileError without position or prefix (callers add those).
 */
export function decodeInstruction(node: Node, ctx: DecodeContext): Instruction {
  const convert = CONVERTERS.get(node.keyword.text.toLowerCase());
  if (convert) return convert(node, ctx);
  throw new DockerfileError('unknown-instruction', `unknown instruction: ${node.keyword.text}${hint(node.keyword.text)}`);
}

/** ` (did you mean x?)`, the keyword in the case the user wrote when that was all lower or upper. */
function hint(keyword: string): string {
  const close = suggest(keyword, CONVERTERS.keys(), true);
  if (close === undefined) return '';
  const cased = keyword === keyword.toLowerCase() ? close : keyword === keyword.toUpperCase() ? close.toUpperCase() : close;
  return ` (did you mean ${cased}?)`;
}
