import type { BuildResult } from '../model/result.js';
import { fileContentTest, fileExistenceTest, licenseTest, withGlobalEnv } from './fileTests.js';
import { ImageView } from './imageView.js';
import { metadataEmpty, metadataTest } from './metadataTest.js';
import { invalid, notRun } from './outcome.js';
import { normalizeStructureTests } from './parseSpec.js';
import { summarize, type StructureTestReport, type StructureTestResult } from './report.js';
import type { CommandTestSpec, StructureTestSpec } from './spec.js';

/**
 * Runs a container-structure-test config (schema 2.0.0) against an emulated image, in CST's order
 * (command, file content, file existence, license, metadata), with CST's messages. Command tests
 * are reported as not run (they need a container), as is any test that depends on file content
 * the emulation does not know. Throws a TypeError for a failed build (there is no image).
 */
export function runStructureTests(result: BuildResult, spec: StructureTestSpec): StructureTestReport {
  const tests = normalizeStructureTests(spec);
  const view = new ImageView(result);
  const results: StructureTestResult[] = [];
  for (const test of tests.commandTests ?? []) results.push(commandTest(test));
  for (const test of tests.fileContentTests ?? []) results.push(fileContentTest(view, test));
  const env = withGlobalEnv(view.config, tests.globalEnvVars ?? []);
  for (const test of tests.fileExistenceTests ?? []) results.push(fileExistenceTest(view, env, test));
  for (const test of tests.licenseTests ?? []) results.push(licenseTest(view, test));
  if (tests.metadataTest && !metadataEmpty(tests.metadataTest)) results.push(metadataTest(view.config, tests.metadataTest));
  return summarize(results, notesFor(result));
}

function notesFor(result: BuildResult): string[] {
  if (!result.partial) return [];
  const steps = result.unknowns.map((u) => (u.line !== undefined ? `line ${u.line}` : u.stage)).join(', ');
  return [`the build has steps whose effect is not modelled (${steps}): a real image may differ where they act`];
}

/** Checked as CST validates it, then not run: it needs a container. */
function commandTest(test: CommandTestSpec): StructureTestResult {
  const errors: string[] = [];
  if (!test.name) errors.push('Please provide a valid name for every test');
  if (!test.command) errors.push(`Please provide a valid command to run for test ${test.name}`);
  for (const c of test.setup ?? []) if (c.length === 0) errors.push('Error in setup command configuration encountered; please check formatting and remove all empty setup commands');
  for (const c of test.teardown ?? []) if (c.length === 0) errors.push('Error in teardown command configuration encountered; please check formatting and remove all empty teardown commands');
  for (const v of test.envVars ?? []) if (!v.key || !v.value) errors.push('Please provide non-empty keys and values for all specified env vars');
  if (errors.length > 0) return invalid('command', test.name, errors);
  return notRun('command', `Command Test: ${test.name}`, 'needs a container');
}
