/**
 * dockerfile-sim: predict what `docker build` produces — stages, image config and file tree —
 * in process, without a Docker daemon.
 */
export { emulate } from './api/emulate.js';
export type { EmulateOptions } from './api/options.js';
export { exportImage, imageFs } from './api/finalImage.js';
export type { ExportTarget } from './api/finalImage.js';
export type { ImageFs } from './report/memfsView.js';
export { inlineImage } from './images/inlineImage.js';
export type { InlineImageSpec, InlineEntry } from './images/inlineImage.js';
export { contextFromFiles, contextFromDirectory } from './context/buildContext.js';
export type { BuildContext, ContextFiles } from './context/buildContext.js';
export { parseDockerfile } from './parse/parseDockerfile.js';
export { loadImageArchive } from './images/loadImageArchive.js';
export type { LoadedImage } from './images/image.js';
export { formatResult, failureLocation } from './report/formatResult.js';
export { formatTreeLine } from './report/formatTree.js';
export { inspectConfig } from './report/inspectConfig.js';
export { DockerfileError } from './model/errors.js';
export type { BuildFailure, FailureCode } from './model/errors.js';
export type { BuilderMode } from './model/builder.js';
export type { HealthConfig, HistoryEntry, ImageConfig, TreeEntry, EntryType } from './model/image.js';
export type { BuildResult, StageReport, Provenance, BuildWarning, UnknownEffect, StepTrace } from './model/result.js';
export type * from './model/instruction.js';
export type { SourcePosition, SourceRange } from './model/source.js';
