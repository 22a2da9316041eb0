import { InvalidArgumentError, type Command } from 'commander';
import { join } from 'node:path';
import type { EmulateOptions } from '../index.js';

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
}

export function addBuildFlags(command: Command): Command {
  return command
    .argument('[context]', 'build context directory', '.')
    .option('-f, --file <path>', 'Dockerfile (default: CONTEXT/Dockerfile)')
    .option('--target <stage>', 'stage to build')
    .option('--build-arg <key=value>', 'build-time variable (repeatable)', keyValue('--build-arg'))
    .option('--image <ref=path>', 'docker save archive, OCI layout or fixture (image save) for an external image (repeatable)', keyValue('--image'))
    .option('--builder <mode>', 'buildkit or classic', oneOf(['buildkit', 'classic'] as const), 'buildkit')
    .option('--run-effects <file>', 'JSON or YAML file declaring what RUN steps and stages produce');
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
  };
}

export function dockerfilePath(context: string, flags: BuildFlags): string {
  return flags.file ?? join(context, 'Dockerfile');
}
