/** container-structure-test configs run against an emulated image, without a container. */
export { runStructureTests } from './runTests.js';
export { parseStructureTests, normalizeStructureTests, StructureSpecError } from './parseSpec.js';
export { formatStructureReport, mergeStructureReports, configErrorResult, summarize } from './report.js';
export type { StructureTestReport, StructureTestResult, FormatOptions as StructureReportFormatOptions } from './report.js';
export { compileGoRegexp, GoRegexpSyntaxError, GoRegexpUnsupported } from './goRegexp.js';
export type {
  StructureTestSpec,
  EnvVarSpec,
  FileExistenceTestSpec,
  FileContentTestSpec,
  MetadataTestSpec,
  LicenseTestSpec,
  CommandTestSpec,
  ContainerRunOptionsSpec,
} from './spec.js';
