import { failureLocation, formatTreeLine, type BuildResult } from '../index.js';
import { isBuildResult } from './received.js';

/** The plugin shape both Jest's and Vitest's `expect.addSnapshotSerializer` take. */
export interface SnapshotSerializer {
  test(value: unknown): boolean;
  serialize(value: unknown, config: unknown, indentation: string): string;
}

/**
 * Prints a BuildResult as a stable, reviewable snapshot: the build, its order, the config (keys
 * sorted), one `formatTreeLine` per entry (with a content hash prefix, so content changes show),
 * the unknown steps and the failure. Provenance and history are left out: they churn on any
 * edit of the Dockerfile without changing the image.
 */
export const imageTreeSerializer: SnapshotSerializer = {
  test: (value) => isBuildResult(value),
  serialize(value, _config, indentation) {
    return formatSnapshot(value as BuildResult).join(`\n${indentation}`);
  },
};

function formatSnapshot(result: BuildResult): string[] {
  const lines = [`BuildResult ${result.status} (${result.builder}${result.target !== undefined ? `, target ${result.target}` : ''})`];
  lines.push(`Order: ${result.order.join(' -> ') || '(none)'}`);
  if (result.config) {
    lines.push('Config:');
    const config = result.config as Record<string, unknown>;
    for (const key of Object.keys(config).sort()) lines.push(`  ${key}: ${JSON.stringify(config[key])}`);
  }
  if (result.status === 'success') {
    lines.push(`Tree (${result.tree.length} ${result.tree.length === 1 ? 'entry' : 'entries'}):`);
    const entries = [...result.tree].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const entry of entries) lines.push(`  ${formatTreeLine(entry, { hash: true })}`);
  }
  if (result.unknowns.length > 0) {
    lines.push('Not modelled:');
    for (const u of result.unknowns) lines.push(`  ${u.line !== undefined ? `line ${u.line}` : u.stage}: ${u.what} (${u.reason})`);
  }
  if (result.failure) lines.push(`Failure: ${failureLocation(result, 'Dockerfile')} ${result.failure.code}: ${result.failure.message}`);
  return lines;
}
