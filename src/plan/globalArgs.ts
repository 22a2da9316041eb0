import { expandWord } from '../expand/expandWord.js';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';
import type { ArgInstruction, Directives } from '../model/instruction.js';

/** The platform every build here targets; BuildKit derives its automatic ARGs from it. */
export const DEFAULT_PLATFORM = { os: 'linux', arch: 'amd64', variant: '' } as const;

/**
 * BuildKit's automatic platform ARGs as Dockerfile frontend 1.7 (Docker 26.1) defines them; the
 * classic builder defines none of them (observed: empty there).
 */
export function platformArgs(builder: BuilderMode): Map<string, string> {
  if (builder === 'classic') return new Map();
  const { os, arch, variant } = DEFAULT_PLATFORM;
  const platform = `${os}/${arch}${variant ? `/${variant}` : ''}`;
  return new Map([
    ['BUILDPLATFORM', platform],
    ['BUILDOS', os],
    ['BUILDARCH', arch],
    ['BUILDVARIANT', variant],
    ['TARGETPLATFORM', platform],
    ['TARGETOS', os],
    ['TARGETARCH', arch],
    ['TARGETVARIANT', variant],
  ]);
}

/**
 * Values of the ARGs declared before the first FROM: a `--build-arg` is taken verbatim, else the
 * default is expanded against the globals before it; automatic platform ARGs can be overridden.
 */
export function resolveGlobalArgs(
  metaArgs: readonly ArgInstruction[],
  buildArgs: Readonly<Record<string, string>>,
  builder: BuilderMode,
  directives: Directives,
): Map<string, string | undefined> {
  const globals = new Map<string, string | undefined>(platformArgs(builder));
  for (const [name, value] of globals) {
    if (Object.hasOwn(buildArgs, name)) globals.set(name, buildArgs[name]);
    else globals.set(name, value);
  }
  for (const instruction of metaArgs) {
    for (const arg of instruction.args) {
      let value: string | undefined;
      if (Object.hasOwn(buildArgs, arg.name)) value = buildArgs[arg.name];
      else if (arg.defaultValue !== undefined) {
        try {
          value = expandWord(arg.defaultValue, (n) => globals.get(n), { escapeToken: directives.escape });
        } catch (e) {
          throw e instanceof DockerfileError ? new DockerfileError(e.code, e.message, instruction.range) : e;
        }
      } else if (globals.has(arg.name)) continue;
      globals.set(arg.name, value);
    }
  }
  return globals;
}
