import { DockerfileError } from '../../model/errors.js';
import type { Flag, HealthcheckInstruction } from '../../model/instruction.js';
import { DurationError, parseGoDuration } from '../duration.js';
import { commandLine } from '../forms.js';
import { goQuote } from '../goText.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags } from './context.js';

const DURATIONS = ['interval', 'timeout', 'start-period', 'start-interval'] as const;

/**
 * `HEALTHCHECK NONE` (its flags are never looked at) or `HEALTHCHECK [flags] CMD command`; the
 * flags are checked before the type, the durations and retries after it, in BuildKit's order.
 */
export function healthcheckInstruction(node: Node, ctx: DecodeContext): HealthcheckInstruction {
  if (node.args.length === 0) throw invalid('HEALTHCHECK requires at least one argument');
  const type = node.args[0]!.text.toUpperCase();
  const command = { args: node.args.slice(1), json: node.json };
  if (type === 'NONE') {
    if (command.args.length > 0) throw invalid('HEALTHCHECK NONE takes no arguments');
    const none = { type: 'NONE' as const };
    return instruction('HEALTHCHECK', node, ctx, { test: none, interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 });
  }
  const flags = parseFlags(node, ctx, {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  });
  if (type !== 'CMD') throw invalid(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
  if (command.args.length === 0) throw invalid('Missing command after HEALTHCHECK CMD');
  const [interval, timeout, startPeriod, startInterval] = DURATIONS.map((name) => duration(flags.get(name)));
  return instruction('HEALTHCHECK', node, ctx, {
    test: { type: 'CMD', command: commandLine(command) },
    interval: interval!,
    timeout: timeout!,
    startPeriod: startPeriod!,
    startInterval: startInterval!,
    retries: retries(flags.get('retries')),
  });
}

/** Nanoseconds; 0 means "not set"; anything else must be at least 1ms (negative durations included). */
function duration(flag: Flag | undefined): number {
  if (!flag?.value) return 0;
  let ns: bigint;
  try {
    ns = parseGoDuration(flag.value);
  } catch (e) {
    if (e instanceof DurationError) throw new DockerfileError('invalid-flag', e.message);
    throw e;
  }
  if (ns !== 0n && ns < 1_000_000n) throw new DockerfileError('invalid-flag', `Interval ${goQuote(flag.name)} cannot be less than 1ms`);
  return Number(ns);
}

/** strconv.ParseInt(v, 10, 32), then no negatives. */
function retries(flag: Flag | undefined): number {
  const value = flag?.value;
  if (!value) return 0;
  if (!/^[+-]?\d+$/.test(value)) {
    throw new DockerfileError('invalid-flag', `strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  }
  const n = BigInt(value);
  if (n < -(2n ** 31n) || n >= 2n ** 31n) {
    throw new DockerfileError('invalid-flag', `strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
  }
  if (n < 0n) throw new DockerfileError('invalid-flag', `--retries cannot be negative (${n})`);
  return Number(n);
}
