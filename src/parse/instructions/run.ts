import { goQuote } from '../goText.js';
import type { RunInstruction } from '../../model/instruction.js';
import { DockerfileError } from '../../model/errors.js';
import { commandLine } from '../forms.js';
import { chompHeredoc } from '../heredocs.js';
import { parseMountFlag } from '../mounts.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, parseFlags } from './context.js';

const NETWORKS = ['default', 'none', 'host'];
const SECURITY = ['insecure', 'sandbox'];

/**
 * RUN: flags (`--security` only on the labs channel), the command, then the checks frontend 1.7
 * makes right away: each `--mount` splits as CSV with no variable in `from`, `--network` and
 * `--security` take one of their known values.
 */
export function runInstruction(node: Node, ctx: DecodeContext): RunInstruction {
  const flags = parseFlags(node, ctx, {
    mount: 'strings',
    network: 'string',
    ...(ctx.labs ? { security: 'string' } : {}),
  } as const);
  const mounts = flags.all('mount').map((f) => parseMountFlag(f.value!));
  const network = flags.get('network');
  if (network && !NETWORKS.includes(network.value!)) {
    throw new DockerfileError('invalid-flag', `invalid network mode ${goQuote(network.value!)}`);
  }
  const security = flags.get('security');
  if (security && !SECURITY.includes(security.value!)) {
    throw new DockerfileError('invalid-flag', `security ${goQuote(security.value!)} is not valid`);
  }
  return instruction('RUN', node, ctx, {
    command: commandLine(node),
    heredocs: ctx.statement.heredocs.map((h) => ({
      name: h.name,
      content: h.chomp ? chompHeredoc(h.content) : h.content,
      expand: h.expand,
      fd: h.fd,
    })),
    mounts,
    network,
    security,
  });
}
