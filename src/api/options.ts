import type { ContextFiles } from '../context/buildContext.js';
import type { LoadedImage } from '../images/image.js';
import type { RunEffects } from '../effects/types.js';
import type { BuilderMode } from '../model/builder.js';
import { resolveLimits, type Limits } from '../limits.js';

/** Options of {@link emulate}. */
export interface EmulateOptions {
  /** The Dockerfile's text. Give this or `dockerfilePath`. */
  readonly dockerfile?: string;
  /** Path of the Dockerfile on disk (default: `Dockerfile` in the context directory). */
  readonly dockerfilePath?: string;
  /** The build context: a directory path, or files in memory (`{'app/a.js': 'x', 'empty/': null}`). */
  readonly context?: string | ContextFiles;
  /** Stage to build (`--target`); default the last stage. */
  readonly target?: string;
  /** `--build-arg` values. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Which builder to emulate; default `buildkit`. */
  readonly builder?: BuilderMode;
  /** External images by reference: a `docker save` archive or OCI layout path, or an image made with `inlineImage`. */
  readonly images?: Readonly<Record<string, string | LoadedImage>>;
  /** Record every instruction's effect in `result.steps` (variables used, files and config changed). */
  readonly trace?: boolean;
  /**
   * What RUN steps the emulator cannot run produce, as declared: the path of a JSON or YAML file
   * (its relative `from` paths start at its folder), or the declarations (relative to the working
   * directory). What applied is in `result.declaredEffects`.
   */
  readonly runEffects?: string | RunEffects;
  /** Record every finished stage's files, config and provenance in `result.snapshots`. */
  readonly snapshots?: boolean;
  /** Record the files the context sends and the paths `.dockerignore` excluded in `result.context`. */
  readonly listContext?: boolean;
  /** Called as a context directory is read, with the entries and bytes seen so far. */
  readonly onContextProgress?: (progress: ContextProgress) => void;
  /** Resource limits to raise or lower (defaults: `DEFAULT_LIMITS`); a build past one fails with `limit-exceeded`. */
  readonly limits?: Partial<Limits>;
}

/** How far reading a context directory has got. */
export interface ContextProgress {
  readonly files: number;
  readonly bytes: number;
}

export interface NormalizedOptions {
  readonly dockerfile: string | undefined;
  readonly dockerfilePath: string | undefined;
  readonly context: string | ContextFiles;
  readonly target: string | undefined;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly builder: BuilderMode;
  readonly images: Readonly<Record<string, string | LoadedImage>>;
  readonly trace: boolean;
  readonly runEffects: string | RunEffects | undefined;
  readonly snapshots: boolean;
  readonly listContext: boolean;
  readonly onContextProgress: ((progress: ContextProgress) => void) | undefined;
  readonly limits: Limits;
}

function fail(option: string, expected: string): never {
  throw new TypeError(`emulate(): option "${option}" must be ${expected}`);
}

/** Checks every option once and fills the defaults; misuse throws a TypeError naming the option. */
export function normalizeOptions(options: EmulateOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object');
  const { dockerfile, dockerfilePath, context, target, buildArgs, builder, images, limits } = options;
  if (dockerfile !== undefined && typeof dockerfile !== 'string') fail('dockerfile', 'a string (the Dockerfile text)');
  if (dockerfilePath !== undefined && typeof dockerfilePath !== 'string') fail('dockerfilePath', 'a string');
  if (context !== undefined && typeof context !== 'string' && (typeof context !== 'object' || context === null)) {
    fail('context', 'a directory path or an object of files');
  }
  if (dockerfile === undefined && dockerfilePath === undefined && typeof context !== 'string') {
    fail('dockerfile', 'given (or dockerfilePath, or a context directory holding a Dockerfile)');
  }
  if (target !== undefined && typeof target !== 'string') fail('target', 'a string');
  if (builder !== undefined && builder !== 'buildkit' && builder !== 'classic') fail('builder', '"buildkit" or "classic"');
  if (buildArgs !== undefined) {
    if (typeof buildArgs !== 'object' || buildArgs === null) fail('buildArgs', 'an object of strings');
    for (const [k, v] of Object.entries(buildArgs)) if (typeof v !== 'string') fail(`buildArgs.${k}`, 'a string');
  }
  if (images !== undefined && (typeof images !== 'object' || images === null)) fail('images', 'an object of image references');
  const { runEffects } = options;
  if (runEffects !== undefined && typeof runEffects !== 'string' && (typeof runEffects !== 'object' || runEffects === null)) {
    fail('runEffects', 'a JSON or YAML file path or an object of declarations');
  }
  if (options.onContextProgress !== undefined && typeof options.onContextProgress !== 'function') fail('onContextProgress', 'a function');
  return {
    dockerfile,
    dockerfilePath,
    context: context ?? {},
    target,
    buildArgs: buildArgs ?? {},
    builder: builder ?? 'buildkit',
    images: images ?? {},
    trace: options.trace === true,
    runEffects,
    snapshots: options.snapshots === true,
    listContext: options.listContext === true,
    onContextProgress: options.onContextProgress,
    limits: resolveLimits(limits),
  };
}
