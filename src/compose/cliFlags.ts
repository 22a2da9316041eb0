import { basename } from 'node:path';
import type { Command } from 'commander';
import { emulate } from '../api/emulate.js';
import type { EmulateOptions } from '../api/options.js';
import { dockerfilePath, emulateOptions, type BuildFlags } from '../cli/options.js';
import type { BuildResult } from '../model/result.js';
import { composeBuild } from './composeBuild.js';
import { emulateComposeService } from './emulateService.js';

/** `--compose FILE --service NAME`: build a compose service instead of CONTEXT and -f. */
export interface ComposeFlags {
  compose?: string;
  service?: string;
}

/** Adds `--compose` and `--service` to a command that builds. */
export function addComposeFlags(command: Command): Command {
  return command
    .option('--compose <file>', "build a compose file's service (with --service; CONTEXT and -f come from its build section)")
    .option('--service <name>', 'the compose service to build');
}

/**
 * Builds what the flags name: CONTEXT and -f, or a compose service (whose `build:` gives the
 * context, Dockerfile, target and args; `--target` and `--build-arg` still override); with the
 * Dockerfile's name for messages. `extra` adds emulate() options the command sets itself.
 */
export async function emulateFromFlags(
  context: string,
  flags: BuildFlags & ComposeFlags,
  extra: Partial<EmulateOptions> = {},
): Promise<{ result: BuildResult; dockerfileName: string }> {
  const base = { ...emulateOptions(context, flags), ...extra };
  if (flags.compose === undefined) {
    if (flags.service !== undefined) throw new TypeError('--service needs --compose FILE');
    return { result: await emulate(base), dockerfileName: basename(dockerfilePath(context, flags)) };
  }
  if (flags.service === undefined) throw new TypeError('--compose needs --service NAME');
  if (flags.file !== undefined) throw new TypeError("-f cannot be used with --compose: the service's build section names the Dockerfile");
  const { context: _context, dockerfilePath: _dockerfile, ...rest } = base;
  const options = { ...rest, file: flags.compose, service: flags.service };
  const build = composeBuild(options);
  const result = await emulateComposeService(options);
  return { result, dockerfileName: build.dockerfilePath !== undefined ? basename(build.dockerfilePath) : 'Dockerfile' };
}
