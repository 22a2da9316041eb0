import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { addComposeFlags, emulateFromFlags, type ComposeFlags } from '../../compose/cliFlags.js';
import { failureLocation } from '../../index.js';
import {
  configErrorResult,
  formatStructureReport,
  mergeStructureReports,
  parseStructureTests,
  runStructureTests,
  StructureSpecError,
  summarize,
  type StructureTestReport,
} from '../../structure/index.js';
import { addBuildFlags, EXIT_FAILED, EXIT_OK, type BuildFlags } from '../options.js';

interface Flags extends BuildFlags, ComposeFlags {
  config: string[];
  output: 'text' | 'json' | 'junit';
  junitSuiteName?: string;
  testReport?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function outputFormat(value: string): Flags['output'] {
  if (value !== 'text' && value !== 'json' && value !== 'junit') {
    throw new InvalidArgumentError(`unsupported format ${value}: please select from \`text\`, \`json\`, or \`junit\``);
  }
  return value;
}

/** Each config's results; one that cannot be read is a failed test, as CST reports it. */
async function runConfig(result: Parameters<typeof runStructureTests>[0], file: string): Promise<StructureTestReport> {
  try {
    return runStructureTests(result, parseStructureTests(await readFile(file, 'utf8'), file));
  } catch (err) {
    if (err instanceof StructureSpecError || (err as NodeJS.ErrnoException).code !== undefined) return summarize([configErrorResult((err as Error).message)]);
    throw err;
  }
}

async function test(context: string, flags: Flags): Promise<number> {
  const { result, dockerfileName } = await emulateFromFlags(context, flags);
  if (result.failure) {
    process.stderr.write(`dockerfile-sim: ${failureLocation(result, dockerfileName)}: ${result.failure.message}\n`);
    return EXIT_FAILED;
  }
  const reports: StructureTestReport[] = [];
  for (const file of flags.config) reports.push(await runConfig(result, file));
  const report = mergeStructureReports(reports);
  // Like CST, a report file is never plain text.
  const format = flags.testReport !== undefined && flags.output === 'text' ? 'json' : flags.output;
  const text = formatStructureReport(report, format, { files: flags.config, ...(flags.junitSuiteName ? { junitSuiteName: flags.junitSuiteName } : {}) });
  if (flags.testReport !== undefined) await writeFile(flags.testReport, text);
  else process.stdout.write(text);
  if (format !== 'text') for (const note of report.notes) process.stderr.write(`dockerfile-sim: note: ${note}\n`);
  return report.pass ? EXIT_OK : EXIT_FAILED;
}

export function testCommand(program: Command): void {
  const command = program
    .command('test')
    .description('run container-structure-test configs (schema 2.0.0) against the emulated image, without a container')
    .requiredOption('-c, --config <file>', 'structure test config, .yaml/.yml or .json (repeatable)', collect);
  addComposeFlags(addBuildFlags(command))
    .option('--output <format>', 'text, json or junit', outputFormat, 'text')
    .option('--junit-suite-name <name>', 'name of the JUnit test suite (default container-structure-test.test)')
    .option('--test-report <file>', 'write the report to a file instead of stdout (json unless --output junit)')
    .action(async (context: string, flags: Flags) => {
      process.exitCode = await test(context, flags);
    });
}
