import type { BuildResult } from '../model/result.js';
import { formatTreeLine } from './formatTree.js';

/** Where a failure points, as `Dockerfile:LINE:COLUMN`. */
export function failureLocation(result: BuildResult, dockerfileName: string): string {
  const range = result.failure?.range;
  return range ? `${dockerfileName}:${range.start.line}:${range.start.column}` : dockerfileName;
}

/**
 * The final tree: what the build itself put there (entries with provenance), and a count of
 * what came unchanged from the base image unless `fullTree`.
 */
function formatTree(result: BuildResult, fullTree: boolean): string[] {
  const built = new Set(result.provenance.map((p) => p.path));
  const shown = fullTree ? result.tree : result.tree.filter((e) => built.has(e.path));
  const fromBase = result.tree.length - shown.length;
  const heading =
    fromBase === 0
      ? `Tree (${result.tree.length} entries):`
      : `Tree (${shown.length} entries from this build; ${fromBase} more unchanged from the base image, --full-tree lists them):`;
  return [heading, ...shown.map((entry) => `  ${formatTreeLine(entry)}`)];
}

export interface FormatOptions {
  /** List base-image entries the build did not touch too. */
  readonly fullTree?: boolean;
}

/** The human-readable report of `dockerfile-sim build`: stages, order, config, tree, unknowns. */
export function formatResult(result: BuildResult, dockerfileName: string, options: FormatOptions = {}): string {
  const lines: string[] = [];
  lines.push(`Builder: ${result.builder}${result.target !== undefined ? `, target: ${result.target}` : ''}`);
  if (result.stages.length > 0) {
    lines.push('', 'Stages:');
    const width = Math.max(...result.stages.map((s) => s.displayName.length));
    for (const s of result.stages) {
      lines.push(`  #${s.index} ${s.displayName.padEnd(width)}  FROM ${s.base}  ${s.status.toUpperCase()}  (${s.reason})`);
    }
    lines.push('', `Order: ${result.order.join(' -> ') || '(none)'}`);
  }
  if (result.config) {
    lines.push('', 'Config:');
    for (const [key, value] of Object.entries(result.config)) lines.push(`  ${key}: ${JSON.stringify(value)}`);
  }
  if (result.status === 'success') lines.push('', ...formatTree(result, options.fullTree ?? false));
  if (result.declaredEffects !== undefined && result.declaredEffects.length > 0) {
    lines.push('', 'Declared (run effects):');
    for (const d of result.declaredEffects) lines.push(`  ${d.line !== undefined ? `line ${d.line}` : d.stage}: ${d.what} (${d.declaration})`);
  }
  if (result.unknowns.length > 0) {
    lines.push('', result.partial ? 'Partial prediction - not modelled:' : 'Not modelled (the final image does not depend on these steps):');
    for (const u of result.unknowns) lines.push(`  ${u.line !== undefined ? `line ${u.line}` : u.stage}: ${u.what} (${u.reason})`);
  }
  for (const w of result.warnings) lines.push(`warning: ${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`);
  if (result.failure) lines.push('', `FAILED ${failureLocation(result, dockerfileName)}: ${result.failure.message}`);
  return lines.join('\n') + '\n';
}
