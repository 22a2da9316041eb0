import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { contextFromDirectory, contextFromFiles, type BuildContext } from '../context/buildContext.js';
import { loadRunEffects } from '../effects/load.js';
import { RunEffectsSession, withRunEffects } from '../effects/session.js';
import { executeBuild } from '../execute/executeBuild.js';
import type { LoadedImage } from '../images/image.js';
import { loadImageArchive } from '../images/loadImageArchive.js';
import { checkImageSize, checkLimit, withLimits } from '../limits.js';
import { DockerfileError } from '../model/errors.js';
import type { BuildResult } from '../model/result.js';
import { parseDockerfile, parseTrigger } from '../parse/parseDockerfile.js';
import { sameImage } from '../plan/imageRef.js';
import { planBuild } from '../plan/planBuild.js';
import type { BuildPlan } from '../plan/types.js';
import { buildResult, earlyFailure } from '../report/buildResult.js';
import { checkContextDir, checkDockerfile } from './buildInputs.js';
import { contextListing, stageSnapshots } from './details.js';
import { attachTree } from './finalImage.js';
import { normalizeOptions, type EmulateOptions, type NormalizedOptions } from './options.js';

async function readDockerfile(options: NormalizedOptions): Promise<{ text: string; path: string | undefined; bytes: number }> {
  if (typeof options.context === 'string') checkContextDir(options.context, options.builder);
  if (options.dockerfile !== undefined) {
    return { text: options.dockerfile, path: options.dockerfilePath, bytes: Buffer.byteLength(options.dockerfile) };
  }
  const path =
    options.dockerfilePath !== undefined
      ? options.dockerfilePath
      : typeof options.context === 'string'
        ? await defaultDockerfile(options.context)
        : undefined;
  if (path === undefined) throw new TypeError('emulate(): option "dockerfile" must be given');
  checkDockerfile(path, options.dockerfilePath !== undefined, options.builder);
  // One over the size limit is not read: its size fails the build.
  const bytes = (await stat(path)).size;
  if (bytes > options.limits.dockerfileBytes) return { text: '', path, bytes };
  return { text: await readFile(path, 'utf8'), path, bytes };
}

/** `docker build` looks for `Dockerfile`, then `dockerfile`. */
async function defaultDockerfile(contextDir: string): Promise<string> {
  for (const name of ['Dockerfile', 'dockerfile']) {
    const path = join(contextDir, name);
    if (await stat(path).then((s) => s.isFile(), () => false)) return path;
  }
  return join(contextDir, 'Dockerfile');
}

async function loadContext(options: NormalizedOptions, dockerfilePath: string | undefined): Promise<BuildContext> {
  if (typeof options.context === 'string') {
    const root = resolve(options.context);
    return contextFromDirectory(root, {
      builder: options.builder,
      dockerfile: dockerfilePath !== undefined ? resolve(dockerfilePath) : undefined,
      onProgress: options.onContextProgress,
    });
  }
  return contextFromFiles(options.context, { builder: options.builder, dockerfile: dockerfilePath ?? 'Dockerfile' });
}

/** Loads the fixtures of the images the stages that run refer to, each once. */
async function loadImages(plan: BuildPlan, options: NormalizedOptions): Promise<Map<string, LoadedImage>> {
  const wanted = new Set<string>();
  for (const index of plan.order) {
    for (const dep of plan.stages[index]!.dependencies) if (dep.image !== undefined) wanted.add(dep.image);
  }
  const loaded = new Map<string, LoadedImage>();
  for (const ref of wanted) {
    const key = Object.keys(options.images).find((k) => k === ref || sameImage(k, ref));
    if (key === undefined) continue;
    const source = options.images[key]!;
    loaded.set(ref, typeof source === 'string' ? await loadImageArchive(source, ref) : source);
  }
  return loaded;
}

/**
 * The name the classic daemon knows the Dockerfile by: its path in the context, or, for a
 * Dockerfile outside the context, the random name the client sends it under.
 */
function classicDockerfileName(options: NormalizedOptions, path: string | undefined): string {
  if (path === undefined) return 'Dockerfile';
  if (typeof options.context !== 'string') return path;
  const inContext = relative(resolve(options.context), resolve(path));
  return inContext.startsWith('..') || isAbsolute(inContext) ? '.dockerfile.<random>' : inContext;
}

/** Errors before any stage runs, worded per builder. */
function earlyError(error: DockerfileError, options: NormalizedOptions, path: string | undefined): DockerfileError {
  if (options.builder !== 'classic') return error;
  const name = classicDockerfileName(options, path);
  if (error.code === 'empty-dockerfile') return new DockerfileError(error.code, `the Dockerfile (${name}) cannot be empty`);
  if (error.code === 'syntax-error') return new DockerfileError(error.code, `failed to parse ${name}: ${error.message}`, error.range);
  return error;
}

/**
 * Predicts what `docker build` does with a Dockerfile: which stages run, the final image's file
 * tree and config. A build that would fail is a result with `status: 'failure'`; only misuse of
 * the options throws.
 */
export async function emulate(options: EmulateOptions): Promise<BuildResult> {
  const normalized = normalizeOptions(options);
  // Every step of this build counts against its own limits and totals (src/limits.ts).
  return withLimits(normalized.limits, () => emulateWith(normalized));
}

async function emulateWith(normalized: NormalizedOptions): Promise<BuildResult> {
  const { builder } = normalized;
  let read: Awaited<ReturnType<typeof readDockerfile>>;
  try {
    read = await readDockerfile(normalized);
  } catch (error) {
    if (error instanceof DockerfileError) return earlyFailure(builder, error.toFailure());
    throw error;
  }
  const { text, path, bytes } = read;
  // Read before building, so that a malformed declaration file is reported whatever the Dockerfile.
  const declarations = normalized.runEffects === undefined ? undefined : await loadRunEffects(normalized.runEffects);
  try {
    checkLimit('dockerfileBytes', bytes, "the Dockerfile's size in bytes");
    const parsed = parseDockerfile(text);
    checkLimit('stages', parsed.instructions.filter((i) => i.kind === 'FROM').length, 'stages in the Dockerfile');
    const plan = planBuild(parsed, { builder, target: normalized.target, buildArgs: normalized.buildArgs });
    const context = await loadContext(normalized, path);
    const images = await loadImages(plan, normalized);
    const runEffects = declarations && new RunEffectsSession(declarations, plan);
    const outcome = executeBuild({
      plan,
      directives: parsed.directives,
      context,
      buildArgs: normalized.buildArgs,
      images: (ref) => images.get(ref),
      parseTrigger: (trigger) => parseTrigger(trigger),
      trace: normalized.trace,
      runEffects,
    });
    const result = {
      ...withRunEffects(buildResult(plan, outcome), runEffects),
      ...(normalized.snapshots ? { snapshots: stageSnapshots(plan, outcome) } : {}),
      ...(normalized.listContext ? { context: contextListing(context) } : {}),
    };
    const tree = outcome.failure ? undefined : outcome.finished.get(plan.target)?.tree;
    if (tree) checkImageSize(tree);
    return attachTree(result, tree);
  } catch (error) {
    if (error instanceof DockerfileError) return earlyFailure(builder, earlyError(error, normalized, path).toFailure());
    throw error;
  }
}
