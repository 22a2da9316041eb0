import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listCaseIds, loadCase, type Builder } from './cases.js';
import { expectedPath } from './expected.js';

const START = '<!-- index:start (written by npm run scenarios:record) -->';
const END = '<!-- index:end -->';

function outcomeCell(root: string, id: string, builder: Builder): string {
  const c = loadCase(root, id);
  if (!c.builders.includes(builder)) return 'not built';
  const path = expectedPath(c, builder);
  if (!existsSync(path)) return 'not recorded';
  const e = JSON.parse(readFileSync(path, 'utf8')) as { outcome: string; errorLine?: number };
  return e.outcome === 'success' ? 'success' : `failure${e.errorLine !== undefined ? ` (line ${e.errorLine})` : ''}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The index section of scenarios/README.md: counts per area and one row per case. */
export function renderIndex(root: string): string {
  const ids = listCaseIds(root);
  const areas = new Map<string, string[]>();
  for (const id of ids) {
    const area = id.split('/')[0]!;
    areas.set(area, [...(areas.get(area) ?? []), id]);
  }
  const lines: string[] = [START, '', `${ids.length} cases.`, '', '| area | cases |', '|---|---|'];
  for (const [area, list] of areas) lines.push(`| [${area}/](#${area}) | ${list.length} |`);
  for (const [area, list] of areas) {
    lines.push('', `### ${area}`, '', '| case | rule it proves | BuildKit | classic |', '|---|---|---|---|');
    for (const id of list) {
      const c = loadCase(root, id);
      const name = id.slice(area.length + 1);
      lines.push(
        `| [${name}](${id}/) | ${cell(c.spec.description ?? '')} | ${outcomeCell(root, id, 'buildkit')} | ${outcomeCell(root, id, 'classic')} |`,
      );
    }
  }
  lines.push('', END);
  return lines.join('\n');
}

/** Rewrites the index section of scenarios/README.md (between its markers); false when the file has none. */
export function updateReadmeIndex(root: string): boolean {
  const path = join(root, 'README.md');
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  const next = text.slice(0, a) + renderIndex(root) + text.slice(b + END.length);
  if (next !== text) writeFileSync(path, next);
  return true;
}
