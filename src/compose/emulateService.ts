import { emulate } from '../api/emulate.js';
import type { EmulateOptions } from '../api/options.js';
import type { BuildResult, BuildWarning } from '../model/result.js';
import { composeBuild, type ComposeBuild, type ComposeBuildOptions } from './composeBuild.js';

/** Options of {@link emulateComposeService}: the compose file and service, and emulate()'s own but the ones `build:` gives. */
export interface ComposeServiceOptions extends ComposeBuildOptions, Omit<EmulateOptions, 'context' | 'dockerfile' | 'dockerfilePath'> {
  /** Like `docker compose build --build-arg`: on top of the service's `args`. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Overrides the service's `target`. */
  readonly target?: string;
  /** The `com.docker.compose.version` label Compose stamps on the image; left out unless given (it is the Compose CLI's version). */
  readonly composeVersion?: string;
}

/** The emulate() options a compose service's build stands for. */
export function composeEmulateOptions(build: ComposeBuild, options: ComposeServiceOptions): EmulateOptions {
  const { file: _file, service: _service, env: _env, envFile: _envFile, composeVersion: _version, buildArgs, target, ...rest } = options;
  const chosen = target ?? build.target;
  return {
    ...rest,
    context: build.context,
    ...(build.dockerfile !== undefined ? { dockerfile: build.dockerfile } : { dockerfilePath: build.dockerfilePath! }),
    ...(chosen !== undefined ? { target: chosen } : {}),
    buildArgs: { ...build.buildArgs, ...buildArgs },
  };
}

/** The labels `docker compose build` gives the image: the service's `build.labels`, then Compose's own. */
export function composeLabels(build: ComposeBuild, composeVersion?: string): Record<string, string> {
  return {
    ...build.labels,
    ...(composeVersion !== undefined ? { 'com.docker.compose.version': composeVersion } : {}),
    'com.docker.compose.project': build.project,
    'com.docker.compose.service': build.service,
  };
}

/**
 * Emulates `docker compose build SERVICE`: the service's `build:` section (context, dockerfile
 * or dockerfile_inline, target, args, labels) read with Compose's interpolation and `.env`, then
 * built as {@link emulate} builds. The image's labels include the ones Compose adds (as
 * `--label` does, they override the Dockerfile's LABELs of the same key).
 */
export async function emulateComposeService(options: ComposeServiceOptions): Promise<BuildResult> {
  const build = composeBuild(options);
  const result = await emulate(composeEmulateOptions(build, options));
  // The result is fresh from emulate() and nobody else holds it yet: Compose's part goes into it.
  if (result.config) result.config.Labels = { ...result.config.Labels, ...composeLabels(build, options.composeVersion) };
  (result.warnings as BuildWarning[]).unshift(...build.warnings.map((message) => ({ message })));
  return result;
}
