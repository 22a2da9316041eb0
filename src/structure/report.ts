/** One test's outcome, named as container-structure-test names it. */
export interface StructureTestResult {
  readonly kind: 'command' | 'file-content' | 'file-existence' | 'license' | 'metadata' | 'config';
  /** CST's name: `File Existence Test: app`, `Metadata Test`, `License Test`; a test CST finds invalid keeps its bare name. */
  readonly name: string;
  /** `not-run`: the emulator cannot decide (a command needs a container, a file's content is unknown). */
  readonly status: 'pass' | 'fail' | 'not-run';
  /** CST's error messages for a failure. */
  readonly errors: readonly string[];
  /** Why the test was not run. */
  readonly reason?: string;
}

/** The results of one or more configs, counted as CST counts them. */
export interface StructureTestReport {
  readonly results: readonly StructureTestResult[];
  readonly passes: number;
  readonly failures: number;
  readonly notRun: number;
  /** CST's verdict: at least one test decided and none failed (CST exits 1 otherwise). */
  readonly pass: boolean;
  /** Caveats about the prediction (steps of the build the emulator did not model). */
  readonly notes: readonly string[];
}

/** Counts results into a report. */
export function summarize(results: readonly StructureTestResult[], notes: readonly string[] = []): StructureTestReport {
  const passes = results.filter((r) => r.status === 'pass').length;
  const failures = results.filter((r) => r.status === 'fail').length;
  return { results, passes, failures, notRun: results.length - passes - failures, pass: failures === 0 && passes > 0, notes };
}

/** Several configs' reports as one, as CST reports all of its `--config` files together. */
export function mergeStructureReports(reports: readonly StructureTestReport[]): StructureTestReport {
  return summarize(
    reports.flatMap((r) => r.results),
    [...new Set(reports.flatMap((r) => r.notes))],
  );
}

/** A config that could not be read, as CST reports it: a failed test with no name. */
export function configErrorResult(message: string): StructureTestResult {
  return { kind: 'config', name: '', status: 'fail', errors: [`error parsing config file: ${message}`] };
}

export interface FormatOptions {
  /** The config files, for the text format's banners. */
  readonly files?: readonly string[];
  /** The JUnit suite name (CST's `--junit-suite-name`). */
  readonly junitSuiteName?: string;
}

/**
 * The report as CST prints it with `--output text`, `json` or `junit`. Nothing runs for real, so
 * every duration is 0; tests not run are marked `NOT RUN` (text), `NotRun` (json) or
 * `<skipped>` (junit), and counted apart from passes and failures.
 */
export function formatStructureReport(report: StructureTestReport, format: 'text' | 'json' | 'junit', options: FormatOptions = {}): string {
  if (format === 'json') return formatJson(report);
  if (format === 'junit') return formatJunit(report, options.junitSuiteName ?? 'container-structure-test.test');
  return formatText(report, options.files ?? []);
}

function formatText(report: StructureTestReport, files: readonly string[]): string {
  let out = '';
  let bannerLength = 27;
  for (const file of files) {
    const title = `====== Test file: ${file.split('/').pop()} ======`;
    bannerLength = title.length;
    out += `\n${'='.repeat(bannerLength)}\n${title}\n${'='.repeat(bannerLength)}\n`;
  }
  for (const r of report.results) {
    out += `=== RUN: ${r.name}\n`;
    out += r.status === 'pass' ? '--- PASS\n' : r.status === 'fail' ? '--- FAIL\n' : `--- NOT RUN (${r.reason ?? 'cannot be decided'})\n`;
    out += 'duration: 0s\n';
    for (const e of r.errors) out += `Error: ${e}\n`;
  }
  for (const note of report.notes) out += `Note: ${note}\n`;
  if (bannerLength % 2 === 0) bannerLength++;
  const total = report.passes + report.failures;
  if (total === 0) return `${out}No tests run! Check config file format.\n`;
  const side = '='.repeat((bannerLength - 9) / 2);
  out += `\n${'='.repeat(bannerLength)}\n${side} RESULTS ${side}\n${'='.repeat(bannerLength)}\n`;
  out += `Passes:      ${report.passes}\nFailures:    ${report.failures}\n`;
  if (report.notRun > 0) out += `Not run:     ${report.notRun}\n`;
  out += `Duration:    0s\nTotal tests: ${total}\n\n${report.failures === 0 ? 'PASS' : 'FAIL'}\n`;
  return out;
}

/** encoding/json escapes these even inside strings. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formatJson(report: StructureTestReport): string {
  const results = report.results.map((r) => ({
    Name: r.name,
    Pass: r.status === 'pass',
    ...(r.errors.length > 0 ? { Errors: r.errors } : {}),
    Duration: 0,
    ...(r.status === 'not-run' ? { NotRun: true, Reason: r.reason } : {}),
  }));
  const summary = {
    Pass: report.passes,
    Fail: report.failures,
    Total: report.passes + report.failures,
    Duration: 0,
    ...(results.length > 0 ? { Results: results } : {}),
    ...(report.notRun > 0 ? { NotRun: report.notRun } : {}),
  };
  return `${goJson(summary)}\n`;
}

/** encoding/xml's EscapeString. */
function xmlEscape(text: string): string {
  const table: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
  return text.replace(/["'&<>\t\n\r]/g, (c) => table[c]!);
}

function formatJunit(report: StructureTestReport, suite: string): string {
  const cases = report.results
    .map((r) => {
      const skipped = r.status === 'not-run' ? `<skipped message="${xmlEscape(r.reason ?? '')}"></skipped>` : '';
      const failures = r.errors.map((e) => `<failure>${xmlEscape(e)}</failure>`).join('');
      return `<testcase name="${xmlEscape(r.name)}" time="0">${skipped}${failures}<system-out></system-out><system-err></system-err></testcase>`;
    })
    .join('');
  const skipped = report.notRun > 0 ? ` skipped="${report.notRun}"` : '';
  const tests = report.passes + report.failures + report.notRun;
  return `<?xml version="1.0" encoding="UTF-8"?><testsuites failures="${report.failures}"${skipped} tests="${tests}" time="0"><testsuite name="${xmlEscape(suite)}">${cases}</testsuite></testsuites>\n`;
}
