import type { DockerfilePlan } from '../../explain/planDockerfile.js';
import type { TreeEntry } from '../../model/image.js';
import type { BuildResult, Provenance } from '../../model/result.js';
import { formatMode } from '../formatTree.js';
import { CSS, SCRIPT } from './assets.js';
import { esc } from './escape.js';
import { graphSvg, type NodeState } from './graphSvg.js';

/** What a report shows: always the plan; with a build result (run with `snapshots`) also the trees. */
export interface ReportInput {
  readonly plan: DockerfilePlan;
  readonly result?: BuildResult;
  /** Shown in the title, e.g. the Dockerfile's path. */
  readonly title?: string;
}

/** Trees longer than this are cut, so that a big base image does not make a page of megabytes. */
const MAX_ROWS = 5000;

type StageProvenance = ReadonlyMap<string, ReadonlyMap<string, Provenance>>;

/**
 * The provenance of an entry as the tooltip and the click panel show it: the step that put it
 * there and where from, then, for a path copied from another stage, how it got there, and so on.
 */
export function provenanceText(p: Provenance | undefined, fallback: string, stages: StageProvenance = new Map()): string {
  if (!p) return fallback;
  const lines: string[] = [];
  for (let hop: Provenance | undefined = p, n = 0; hop && n < 32; n++) {
    lines.push(`${n === 0 ? '' : '← '}stage ${hop.stage}, line ${hop.line}: ${hop.instruction.split('\n')[0]}`);
    if (hop.source !== undefined) lines.push(`from ${hop.source}`);
    const from = /^stage (.+?):(\/.*)$/.exec(hop.source ?? '');
    hop = from ? stages.get(from[1]!)?.get(from[2]!) : undefined;
  }
  return lines.join('\n');
}

function treeTable(id: string, entries: readonly TreeEntry[], provenance: readonly Provenance[], fallback: string, stages: StageProvenance): string {
  const byPath = new Map(provenance.map((p) => [p.path, p]));
  const rows = entries.slice(0, MAX_ROWS).map((e) => {
    const p = byPath.get(e.path);
    const text = provenanceText(p, fallback, stages);
    const depth = e.path.split('/').length - 2;
    const name = e.path.slice(e.path.lastIndexOf('/') + 1);
    const shown =
      e.type === 'dir'
        ? `<span class="dir">${esc(name)}/</span>`
        : e.type === 'symlink'
          ? `${esc(name)} <span class="link">→ ${esc(e.linkTarget ?? '')}</span>`
          : e.type === 'hardlink'
            ? `${esc(name)} <span class="link">⇒ ${esc(e.linkTarget ?? '')}</span>`
            : esc(name);
    const source = p ? `line ${p.line}${p.source !== undefined ? ` ← ${p.source}` : `: ${p.instruction}`}` : fallback;
    return (
      `<tr data-path="${esc(e.path)}" data-prov="${esc(text)}" title="${esc(text)}">` +
      `<td class="mode">${formatMode(e.mode, e.type)}</td><td class="owner">${e.uid}:${e.gid}</td>` +
      `<td class="size">${e.type === 'file' ? e.size : ''}</td>` +
      `<td class="name" style="padding-left:${12 + depth * 16}px">${shown}</td>` +
      `<td class="src${p ? '' : ' from-base'}">${esc(source)}</td></tr>`
    );
  });
  const cut = entries.length > MAX_ROWS ? `<p class="legend">… and ${entries.length - MAX_ROWS} more entries not shown</p>` : '';
  return (
    `<div class="tools"><input class="filter" type="search" placeholder="filter paths" data-table="${esc(id)}"></div>` +
    `<table class="tree" id="${esc(id)}"><tbody>${rows.join('\n')}</tbody></table>${cut}`
  );
}

function orderTable(plan: DockerfilePlan): string {
  const cell = (builder: 'buildkit' | 'classic', stage: string): string => {
    const d = plan[builder].stages.find((s) => s.stage === stage);
    if (!d) return '<td>-</td>';
    return d.runs
      ? `<td class="runs"><span class="step">${d.step}.</span> ${esc(d.reason)}</td>`
      : `<td class="skip">skipped: ${esc(d.reason)}</td>`;
  };
  const rows = plan.stages.map((s) => `<tr><td><b>${esc(s.displayName)}</b></td>${cell('buildkit', s.displayName)}${cell('classic', s.displayName)}</tr>`);
  const orders = (['buildkit', 'classic'] as const).map((b) => {
    const d = plan[b];
    const what = d.failure ? `<span class="fail">fails: ${esc(d.failure.message)}</span>` : esc(d.order.join(' → '));
    return `<li><b>${b}</b>: ${what}</li>`;
  });
  return `<table class="order"><thead><tr><th>stage</th><th>BuildKit</th><th>classic</th></tr></thead><tbody>${rows.join('')}</tbody></table><ul class="orders">${orders.join('')}</ul>`;
}

function stateFrom(plan: DockerfilePlan, result: BuildResult | undefined): (stage: string) => NodeState {
  if (result) {
    const status = new Map(result.stages.map((s) => [s.displayName, s.status]));
    return (stage) => {
      const s = status.get(stage);
      return s === 'built' ? 'built' : s === 'failed' ? 'failed' : 'skipped';
    };
  }
  return (stage) => (plan.buildkit.stages.find((s) => s.stage === stage)?.runs ? 'built' : 'skipped');
}

function summary(plan: DockerfilePlan, result: BuildResult | undefined): string {
  if (!result) {
    const target = plan.buildkit.target ?? plan.classic.target;
    return `Plan only (no context read)${target !== undefined ? ` · target <b>${esc(target)}</b>` : ''}`;
  }
  const badges = [`<span class="badge ${result.status}">${result.status}</span>`];
  if (result.partial) badges.push('<span class="badge partial">partial</span>');
  return `Builder <b>${esc(result.builder)}</b>${result.target !== undefined ? ` · target <b>${esc(result.target)}</b>` : ''} ${badges.join('')}`;
}

function treesSection(result: BuildResult): string {
  const parts: string[] = [];
  const stages: StageProvenance = new Map((result.snapshots ?? []).map((s) => [s.stage, new Map(s.provenance.map((p) => [p.path, p]))]));
  if (result.status === 'success') {
    parts.push(
      '<h2>Final image</h2>',
      `<details class="stage" id="final" open><summary>${esc(result.target ?? 'final')} <span class="count">${result.tree.length} entries · click an entry for its provenance</span></summary>`,
      treeTable('tree-final', result.tree, result.provenance, 'from the base image', stages),
      '</details>',
    );
  }
  const snapshots = result.snapshots ?? [];
  if (snapshots.length > 0) {
    parts.push('<h2>Built stages</h2>');
    for (const s of snapshots) {
      parts.push(
        `<details class="stage" id="stage-${esc(s.stage)}"><summary>${esc(s.stage)} <span class="count">${s.tree.length} entries</span></summary>`,
        treeTable(`tree-${s.stage}`, s.tree, s.provenance, 'from the base image', stages),
        '</details>',
      );
    }
  }
  const notes = [
    ...(result.failure ? [`<li class="fail">${esc(result.failure.message)}${result.failure.range ? ` (line ${result.failure.range.start.line})` : ''}</li>`] : []),
    ...result.unknowns.map((u) => `<li>${u.line !== undefined ? `line ${u.line}` : esc(u.stage)}: ${esc(u.what)} <span class="skip">(${esc(u.reason)})</span></li>`),
    ...result.warnings.map((w) => `<li>warning: ${w.line !== undefined ? `line ${w.line}: ` : ''}${esc(w.message)}</li>`),
  ];
  if (notes.length > 0) parts.push('<h2>Notes</h2>', `<ul class="notes">${notes.join('')}</ul>`);
  return parts.join('\n');
}

/**
 * One self-contained HTML page (inline CSS, JS and SVG; nothing is fetched): the stage graph,
 * each builder's order with the reason for every skipped stage, and, for a build, every built
 * stage's tree and the final tree with each entry's provenance on hover and click.
 */
export function renderReport(input: ReportInput): string {
  const { plan, result } = input;
  const target = result?.target ?? plan.buildkit.target ?? plan.classic.target;
  const title = `dockerfile-sim${input.title !== undefined ? ` · ${input.title}` : ''}`;
  const legend =
    '<div class="legend"><span><i style="background:#dafbe1;border-color:#1a7f37"></i>built</span>' +
    '<span><i style="border-style:dashed;border-color:#8c959f"></i>skipped</span>' +
    '<span><i style="background:#ddf4ff;border-color:#0969da;border-radius:6px"></i>external image</span>' +
    '<span><i style="background:#ffebe9;border-color:#cf222e"></i>failed</span></div>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(title)}</h1><div class="summary">${summary(plan, result)}</div></header>
<main>
<h2>Stage graph</h2>
<div class="graph-wrap">${plan.stages.length > 0 ? graphSvg(plan, stateFrom(plan, result), target) : '<p>No stages.</p>'}</div>
${legend}
<h2>What each builder runs</h2>
${orderTable(plan)}
${result ? treesSection(result) : ''}
</main>
<aside id="prov" hidden><button type="button" aria-label="close">×</button><h3>Provenance</h3><div class="path"></div><div class="what"></div></aside>
<script>${SCRIPT}</script>
</body></html>
`;
}
