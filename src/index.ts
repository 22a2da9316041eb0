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
export { DEFAULT_LIMITS, LIMIT_REASONS } from './limits.js';
export type { Limits } from './limits.js';
export type { BuildFailure, FailureCode } from './model/errors.js';
export type { BuilderMode } from './model/builder.js';
export type { HealthConfig, HistoryEntry, ImageConfig, TreeEntry, EntryType } from './model/image.js';
export type { BuildResult, StageReport, Provenance, BuildWarning, UnknownEffect, StepTrace } from './model/result.js';
export type { DeclaredEffect } from './model/result.js';
export type { RunEffects, RunEffect, StageEffects, EntryEffect, DirEffect, LinkEffect } from './effects/types.js';
export type { StageSnapshot, ContextListing, IgnoreLine } from './model/result.js';
export type { ContextProgress } from './api/options.js';
export { planDockerfile } from './explain/planDockerfile.js';
export type { PlanDockerfileOptions, DockerfilePlan, PlannedStage, PlannedEdge, BuilderDecision } from './explain/planDockerfile.js';
export { formatPlanText, formatPlanMermaid, formatPlanDot } from './explain/formatPlan.js';
export { formatExplain } from './explain/formatExplain.js';
export type { ExplainOptions } from './explain/formatExplain.js';
export { whyPath, explainPath, formatWhy } from './explain/why.js';
export type { WhyAnswer, WhyLink, WhyOptions } from './explain/why.js';
export { contextReport, formatContextReport } from './explain/contextReport.js';
export type { ContextReport, ContextUse } from './explain/contextReport.js';
export { renderReport } from './report/html/renderReport.js';
export type { ReportInput } from './report/html/renderReport.js';
export { runStructureTests, parseStructureTests, formatStructureReport, mergeStructureReports, StructureSpecError } from './structure/index.js';
export type {
  StructureTestSpec,
  StructureTestReport,
  StructureTestResult,
  StructureReportFormatOptions,
  EnvVarSpec,
  FileExistenceTestSpec,
  FileContentTestSpec,
  MetadataTestSpec,
  LicenseTestSpec,
  CommandTestSpec,
  ContainerRunOptionsSpec,
} from './structure/index.js';
export { saveImageFixture, imageFixture } from './images/fixtureSave.js';
export type { SaveImageFixtureOptions, ImageFixtureSummary } from './images/fixtureSave.js';
export type { ImageFixture, FixtureEntry, FixtureHistory } from './images/fixtureFormat.js';
export { emulateComposeService } from './compose/emulateService.js';
export type { ComposeServiceOptions } from './compose/emulateService.js';
export { composeBuild, ComposeError } from './compose/composeBuild.js';
export type { ComposeBuild, ComposeBuildOptions } from './compose/composeBuild.js';
export type * from './model/instruction.js';
export type { SourcePosition, SourceRange } from './model/source.js';
