import { InvalidArgumentError, type Command } from 'commander';
import { join } from 'node:path';
import type { EmulateOptions } from '../index.js';
import { DEFAULT_LIMITS, isLimitName, type Limits } from '../limits.js';

/** Exit statuses of every command: like `docker build`, plus 2 for bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Collects repeatable `KEY=VALUE` options into an object. */
export function keyValue(kind: string) {
  return (value: string, previous: Record<string, string> = {}): Record<string, string> => {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`${kind} must look like KEY=VALUE`);
    return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
  };
}

/** `--limit NAME=N`, repeatable; N is a whole number, with an optional K/M/G (×1024) suffix, or `inf`. */
export function limitValue(value: string, previous: Partial<Record<keyof Limits, number>> = {}): Partial<Record<keyof Limits, number>> {
  const eq = value.indexOf('=');
  const name = value.slice(0, eq);
  if (eq <= 0 || !isLimitName(name)) {
    throw new InvalidArgumentError(`must look like NAME=N with NAME one of ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
  }
  const m = /^(\d+)([KMG]?)$|^(inf)$/i.exec(value.slice(eq + 1).trim());
  if (!m) throw new InvalidArgumentError(`${name}: N must be a whole number (K, M, G suffixes allowed) or inf`);
  const n = m[3] ? Infinity : Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
  if (!(n > 0) || (n !== Infinity && !Number.isSafeInteger(n))) throw new InvalidArgumentError(`${name}: N must be positive`);
  return { ...previous, [name]: n };
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be ${allowed.join(' or ')}`);
    return value as T;
  };
}

/** The flags every command that builds takes, as `docker build` spells them. */
export interface BuildFlags {
  file?: string;
  target?: string;
  buildArg?: Record<string, string>;
  builder: 'buildkit' | 'classic';
  image?: Record<string, string>;
  runEffects?: string;
  limit?: Partial<Record<keyof Limits, number>>;
}

export function addBuildFlags(command: Command): Command {
  return command
    .argument('[context]', 'build context directory', '.')
    .option('-f, --file <path>', 'Dockerfile (default: CONTEXT/Dockerfile)')
    .option('--target <stage>', 'stage to build')
    .option('--build-arg <key=value>', 'build-time variable (repeatable)', keyValue('--build-arg'))
    .option('--image <ref=path>', 'docker save archive, OCI layout or fixture (image save) for an external image (repeatable)', keyValue('--image'))
    .option('--builder <mode>', 'buildkit or classic', oneOf(['buildkit', 'classic'] as const), 'buildkit')
    .option('--run-effects <file>', 'JSON or YAML file declaring what RUN steps and stages produce')
    .option('--limit <name=n>', `raise or lower a resource limit (repeatable): ${Object.keys(DEFAULT_LIMITS).join(', ')}`, limitValue);
}

export function formatOption(formats: readonly string[], fallback: string) {
  return ['--format <format>', formats.join(' or '), oneOf(formats), fallback] as const;
}

/** The emulate() options a command's build flags stand for. */
export function emulateOptions(context: string, flags: BuildFlags): EmulateOptions {
  return {
    context,
    dockerfilePath: dockerfilePath(context, flags),
    builder: flags.builder,
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.buildArg ? { buildArgs: flags.buildArg } : {}),
    ...(flags.image ? { images: flags.image } : {}),
    ...(flags.runEffects !== undefined ? { runEffects: flags.runEffects } : {}),
    ...(flags.limit ? { limits: flags.limit } : {}),
  };
}

export function dockerfilePath(context: string, flags: BuildFlags): string {
  return flags.file ?? join(context, 'Dockerfile');
}
