import type { BuildResult, ContextListing } from '../model/result.js';
import { humanBytes } from './progress.js';

/** One sent path, and the steps of the stages that ran which copied it (`dev line 2`). */
export interface ContextUse {
  readonly path: string;
  readonly type: ContextListing['files'][number]['type'];
  readonly size: number;
  readonly usedBy: readonly string[];
}

/** What `dockerfile-sim context` reports. */
export interface ContextReport {
  readonly ignoreFile?: string;
  readonly files: readonly ContextUse[];
  /** Regular files and links sent (directories not counted) and their bytes. */
  readonly count: number;
  readonly bytes: number;
  readonly excluded: ContextListing['excluded'];
  /** Set when the build fails, so the uses may be incomplete. */
  readonly failure?: string;
}

/** `context:app/a.js` → `app/a.js`; a member of a local tar (`context:x.tar!entry`) uses the tar. */
function contextPath(source: string | undefined): string | undefined {
  if (source === undefined || !source.startsWith('context:')) return undefined;
  const path = source.slice('context:'.length);
  const bang = path.indexOf('!');
  return bang >= 0 ? path.slice(0, bang) : path;
}

/**
 * The sent files with the uses the build makes of them: every context path that is the source of
 * an entry in a built stage (from `emulate({ listContext: true, snapshots: true })`). A file that
 * a later step of the same stage overwrote leaves no entry, so it is not counted as used.
 */
export function contextReport(listing: ContextListing, result: BuildResult | undefined): ContextReport {
  const uses = new Map<string, Map<string, number>>();
  const order = result?.order ?? [];
  const rank = (stage: string, line: number): number => order.indexOf(stage) * 1e6 + line;
  for (const snapshot of result?.snapshots ?? []) {
    for (const p of snapshot.provenance) {
      const path = contextPath(p.source);
      if (path === undefined) continue;
      const steps = uses.get(path) ?? new Map<string, number>();
      steps.set(`${p.stage} line ${p.line}`, rank(p.stage, p.line));
      uses.set(path, steps);
    }
  }
  // In build order: stage by stage, line by line.
  const usedBy = (path: string): string[] => [...(uses.get(path) ?? [])].sort((a, b) => a[1] - b[1]).map(([what]) => what);
  const files = listing.files.map((f) => ({ ...f, usedBy: usedBy(f.path) }));
  const sent = files.filter((f) => f.type !== 'dir');
  return {
    ...(listing.ignoreFile !== undefined ? { ignoreFile: listing.ignoreFile } : {}),
    files,
    count: sent.length,
    bytes: sent.reduce((n, f) => n + f.size, 0),
    excluded: listing.excluded,
    ...(result?.failure ? { failure: result.failure.message } : {}),
  };
}

const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;

/** The report as text: sent files with sizes and uses, totals, and with `excluded` the excluded paths and their rule. */
export function formatContextReport(report: ContextReport, options: { readonly excluded?: boolean; readonly target?: string } = {}): string {
  const lines: string[] = [];
  const sizeWidth = Math.max(4, ...report.files.map((f) => String(f.size).length));
  const pathWidth = Math.max(...report.files.map((f) => f.path.length + (f.type === 'dir' ? 1 : 0)), 4);
  lines.push(`Sent (${report.ignoreFile !== undefined ? `after ${report.ignoreFile}` : 'no .dockerignore'}):`);
  for (const f of report.files) {
    const size = f.type === 'dir' ? '' : String(f.size);
    const name = f.type === 'dir' ? `${f.path}/` : f.path;
    const used = f.usedBy.length > 0 ? `used by ${f.usedBy.join(', ')}` : '';
    lines.push(`  ${size.padStart(sizeWidth)}  ${name.padEnd(pathWidth)}  ${used}`.trimEnd());
  }
  const used = report.files.filter((f) => f.type !== 'dir' && f.usedBy.length > 0);
  const usedBytes = used.reduce((n, f) => n + f.size, 0);
  lines.push(
    '',
    `Total: ${files(report.count)}, ${humanBytes(report.bytes)}; used${options.target !== undefined ? ` by target ${options.target}` : ''}: ${files(used.length)}, ${humanBytes(usedBytes)}`,
  );
  if (report.excluded.length > 0 && options.excluded !== true) {
    lines.push(`Excluded: ${report.excluded.length} paths (list them with --excluded)`);
  }
  if (options.excluded === true) {
    lines.push('', `Excluded (${report.excluded.length}):`);
    const width = Math.max(0, ...report.excluded.map((e) => e.path.length));
    for (const e of report.excluded) {
      const rule = e.rule ? `${e.rule.file}:${e.rule.line}: ${e.rule.pattern}` : '(no rule recorded)';
      lines.push(`  ${e.path.padEnd(width)}  ${rule}`);
    }
  }
  if (report.failure !== undefined) lines.push('', `The build fails (${report.failure}), so the uses may be incomplete.`);
  return lines.join('\n') + '\n';
}
