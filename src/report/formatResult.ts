import type { BuildResult } from '../model/result.js';
import { formatTreeLine } from './formatTree.js';

/** Where a failure points, as `Dockerfile:LINE:COLUMN`. */
export function failureLocation(result: BuildResult, dockerfileName: string): string {
  const range = result.failure?.range;
  return range ? `${dockerfileName}:${range.start.line}:${range.start.column}` : dockerfileName;
}

/** The human-readable report of `dockerfile-sim build`: stages, order, config, tree, unknowns. */
export function formatResult(result: BuildResult, dockerfileName: string): string {
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
  if (result.status === 'success') {
    lines.push('', `Tree (${result.tree.length} entries):`);
    for (const entry of result.tree) lines.push(`  ${formatTreeLine(entry)}`);
  }
  if (result.unknowns.length > 0) {
    lines.push('', 'Partial prediction - not modelled:');
    for (const u of result.unknowns) lines.push(`  ${u.line !== undefined ? `line ${u.line}` : u.stage}: ${u.what} (${u.reason})`);
  }
  for (const w of result.warnings) lines.push(`warning: ${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`);
  if (result.failure) lines.push('', `FAILED ${failureLocation(result, dockerfileName)}: ${result.failure.message}`);
  return lines.join('\n') + '\n';
}
