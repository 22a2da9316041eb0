import type { ParsedDockerfile } from '../model/instruction.js';
import type { BuildResult, StepTrace } from '../model/result.js';
import { palette, type Palette } from './colour.js';
import { instructionOf, resolvePaths, workdirs } from './resolveStep.js';

export interface ExplainOptions {
  /** The Dockerfile as parsed, to resolve each step's paths (without it, paths are not shown). */
  readonly parsed?: ParsedDockerfile;
  readonly colour?: boolean;
  /** Longest list of added/changed/removed paths shown per step before "… and N more". */
  readonly maxPaths?: number;
}

const LABEL = 10;

function capped(paths: readonly string[], max: number, mark: string, colour: (s: string) => string, p: Palette): string[] {
  const shown = paths.slice(0, max).map((path) => colour(`${mark} ${path}`));
  if (paths.length > max) shown.push(p.dim(`… and ${paths.length - max} more`));
  return shown;
}

const show = (value: unknown): string => (value === null || value === undefined ? '(unset)' : JSON.stringify(value));

/** Label column then the first line, continuation lines aligned under it. */
function field(label: string, lines: readonly string[], p: Palette): string[] {
  return lines.map((line, i) => `    ${i === 0 ? p.dim(label.padEnd(LABEL)) : ' '.repeat(LABEL)}${line}`);
}

function stepLines(step: StepTrace, index: number, context: { result: BuildResult; workdirs: string[]; options: ExplainOptions; p: Palette }): string[] {
  const { result, options, p } = context;
  const lines = [`  ${p.dim(`line ${step.line}`.padEnd(9))} ${p.bold(step.instruction.split('\n')[0]!)}`];
  const names = Object.keys(step.variables);
  if (names.length > 0) {
    const values = names.map((n) => {
      const v = step.variables[n];
      return `${p.magenta(`$${n}`)}=${v === null || v === undefined ? p.dim('(unset)') : JSON.stringify(v)}`;
    });
    lines.push(...field('variables', [values.join('  ')], p));
  }
  const escape = options.parsed?.directives.escape ?? '\\';
  const resolved = resolvePaths(step, instructionOf(step, options.parsed), context.workdirs[index]!, escape);
  if (resolved) {
    const text = resolved.sources.length > 0 ? `${resolved.sources.join(', ')} -> ${resolved.destination}` : resolved.destination;
    lines.push(...field('paths', [text + (resolved.sources.length > 0 && resolved.fromContext ? p.dim('  (from the context)') : '')], p));
  }
  const max = options.maxPaths ?? 10;
  const files = [
    ...capped(step.added, max, '+', p.green, p),
    ...capped(step.changed, max, '~', p.yellow, p),
    ...capped(step.removed, max, '-', p.red, p),
  ];
  if (files.length > 0) lines.push(...field('files', files, p));
  const config = Object.entries(step.config).map(([key, { before, after }]) => `${key}: ${show(before)} -> ${show(after)}`);
  if (config.length > 0) lines.push(...field('config', config, p));
  for (const u of result.unknowns) {
    if (u.stage === step.stage && u.line === step.line) lines.push(...field('unknown', [p.yellow(u.reason)], p));
  }
  // BuildKit reports some failures after the remaining steps ran, so the trace may not carry it.
  const failure = result.failure;
  const error = step.error ?? (failure && failure.stage === step.stage && failure.range?.start.line === step.line ? failure.message : undefined);
  if (error !== undefined) lines.push(...field('error', [p.red(error)], p));
  if (lines.length === 1) lines.push(...field('', [p.dim('(no change)')], p));
  return lines;
}

/**
 * `dockerfile-sim explain`: the build step by step from a traced result (`emulate({ trace:
 * true, snapshots: true })`): per stage its base, then per instruction the variables it used,
 * the paths it resolved, the files added (+), changed (~) and removed (-), its config changes.
 */
export function formatExplain(result: BuildResult, options: ExplainOptions = {}): string {
  const p = palette(options.colour === true);
  const steps = result.steps ?? [];
  const dirs = workdirs(result);
  const out: string[] = [];
  out.push(`${p.bold('Builder:')} ${result.builder}${result.target !== undefined ? `, target: ${result.target}` : ''}`);
  out.push(`${p.bold('Order:')} ${result.order.join(' -> ') || '(none)'}`);
  for (const s of result.stages) if (s.status === 'skipped') out.push(p.dim(`Skipped: ${s.displayName} (${s.reason})`));
  let stage: string | undefined;
  steps.forEach((step, i) => {
    if (step.stage !== stage) {
      stage = step.stage;
      const report = result.stages.find((s) => s.displayName === stage);
      const from = report ? `FROM ${report.base}` : '';
      out.push('', p.cyan(p.bold(`stage ${stage}`)) + (report ? p.dim(`  #${report.index}  ${from}  (${report.reason})`) : ''));
    }
    out.push(...stepLines(step, i, { result, workdirs: dirs, options, p }));
  });
  // Stages that ran no instruction still ran: say so rather than leave them out.
  for (const name of result.order) {
    if (!steps.some((s) => s.stage === name)) out.push('', p.cyan(p.bold(`stage ${name}`)) + p.dim('  (no instructions)'));
  }
  out.push('');
  if (result.failure) {
    const at = result.failure.range ? `line ${result.failure.range.start.line}: ` : '';
    out.push(p.red(p.bold(`FAILED ${at}${result.failure.message}`)));
  } else {
    out.push(`${p.green(p.bold('Result:'))} ${result.tree.length} entries in the final image${result.partial ? p.yellow(' (partial: some steps are not modelled)') : ''}`);
  }
  return out.join('\n') + '\n';
}
