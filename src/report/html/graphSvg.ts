import type { DockerfilePlan, PlannedEdge } from '../../explain/planDockerfile.js';
import { edgeLabel } from '../../explain/formatPlan.js';
import { esc } from './escape.js';
import { layeredLayout, type PlacedNode, type Point } from './layout.js';

/** How a stage node is drawn: built, skipped by the builder shown, or failed. */
export type NodeState = 'built' | 'skipped' | 'failed' | 'image';

const LABEL_CHAR = 6.3; // 11px edge labels

function edgeSource(edge: PlannedEdge): string {
  return 'stage' in edge.needs ? `s${edge.needs.stage}` : `i:${edge.needs.image}`;
}

/**
 * The stage graph as inline SVG: images and stages laid out in layers from what is needed to
 * what needs it, each edge a curve labelled with its cause and line.
 */
export function graphSvg(plan: DockerfilePlan, stateOf: (stage: string) => NodeState, target: string | undefined): string {
  const images = [...new Set(plan.edges.flatMap((e) => ('image' in e.needs ? [e.needs.image] : [])))];
  const labels = new Map<string, string>([
    ...images.map((ref): [string, string] => [`i:${ref}`, ref]),
    ...plan.stages.map((s): [string, string] => [`s${s.index}`, s.displayName === target ? `${s.displayName} (target)` : s.displayName]),
  ]);
  const inputs = [...labels].map(([id, label]) => ({
    id,
    label,
    needs: plan.edges.filter((e) => `s${e.stage}` === id).map(edgeSource),
    floating: id.startsWith('i:'),
  }));
  const longest = Math.max(0, ...plan.edges.flatMap((e) => labelLines(e).map((l) => l.length)));
  const layout = layeredLayout(inputs, { layerGap: Math.max(110, Math.ceil(longest * LABEL_CHAR) + 40) });
  const parts: string[] = [];
  // Several edges between the same two nodes fan out so their labels do not overlap.
  const pairCount = new Map<string, number>();
  const drawn: { edge: PlannedEdge; path: string; label: Label }[] = [];
  for (const edge of plan.edges) {
    const from = layout.nodes.get(edgeSource(edge));
    const to = layout.nodes.get(`s${edge.stage}`);
    if (!from || !to) continue;
    const key = `${edgeSource(edge)}>${edge.stage}`;
    const k = pairCount.get(key) ?? 0;
    pairCount.set(key, k + 1);
    drawn.push({ edge, ...edgePath(from, to, layout.bends.get(`${edgeSource(edge)}>s${edge.stage}`) ?? [], edge, k) });
  }
  separate(drawn.map((e) => e.label));
  // Labels pushed apart may reach below the nodes.
  const height = Math.ceil(Math.max(layout.height, ...drawn.map((e) => e.label.y + LABEL_HEIGHT / 2 + 12)));
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}" role="img" aria-label="stage graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a"/></marker></defs>',
  );
  // Every curve first, then every label, so that no curve is drawn over a label.
  const edgeClass = (e: PlannedEdge): string => `edge cause-${e.cause.replace(/[^a-z]+/gi, '-').toLowerCase()}`;
  for (const { edge, path } of drawn) parts.push(`<g class="${edgeClass(edge)}"><title>${esc(`${edge.cause} at line ${edge.line}`)}</title>${path}</g>`);
  for (const { edge, label } of drawn) parts.push(`<g class="${edgeClass(edge)} label">${labelSvg(label)}</g>`);
  for (const [id, node] of layout.nodes) {
    const label = labels.get(id)!;
    const state: NodeState = id.startsWith('i:') ? 'image' : stateOf(plan.stages[Number(id.slice(1))]!.displayName);
    const isTarget = !id.startsWith('i:') && label.endsWith('(target)');
    const rx = state === 'image' ? node.height / 2 : 6;
    parts.push(
      `<g class="node ${state}${isTarget ? ' target' : ''}" data-node="${esc(id.startsWith('i:') ? id.slice(2) : plan.stages[Number(id.slice(1))]!.displayName)}">`,
      `<title>${esc(state === 'image' ? `image ${label}` : `stage ${label}: ${state}`)}</title>`,
      `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="${rx}"/>`,
      `<text x="${node.x + node.width / 2}" y="${node.y + node.height / 2}" dominant-baseline="central" text-anchor="middle">${esc(label)}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** A label in two short lines (`COPY --from=build`, `line 17`) so columns need less room. */
function labelLines(edge: PlannedEdge): string[] {
  const what = edgeLabel({ ...edge, builders: ['buildkit', 'classic'] }, { line: false });
  return [what, `line ${edge.line}${edge.builders.length === 1 ? ` · ${edge.builders[0]} only` : ''}`];
}

interface Label {
  readonly x: number;
  y: number;
  readonly w: number;
  readonly lines: readonly string[];
}

const LABEL_HEIGHT = 30;

/** Labels in the same gap that overlap are pushed apart vertically, in order of height. */
function separate(labels: readonly Label[]): void {
  const sorted = [...labels].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = sorted[j]!;
      const b = sorted[i]!;
      const overlapX = Math.abs(a.x - b.x) < (a.w + b.w) / 2 + 4;
      if (overlapX && b.y < a.y + LABEL_HEIGHT + 2) b.y = a.y + LABEL_HEIGHT + 2;
    }
  }
}

function labelSvg(l: Label): string {
  return [
    `<rect class="label-bg" x="${l.x - l.w / 2}" y="${l.y - 15}" width="${l.w}" height="${LABEL_HEIGHT}" rx="4"/>`,
    `<text x="${l.x}" y="${l.y - 6}" dominant-baseline="central" text-anchor="middle">${esc(l.lines[0]!)}</text>`,
    `<text class="line" x="${l.x}" y="${l.y + 7}" dominant-baseline="central" text-anchor="middle">${esc(l.lines[1]!)}</text>`,
  ].join('');
}

function edgePath(from: PlacedNode, to: PlacedNode, bends: readonly Point[], edge: PlannedEdge, k: number): { path: string; label: Label } {
  // Several edges between the same two nodes: each a little lower or higher than the last.
  const spread = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * 16;
  const points: Point[] = [
    { x: from.x + from.width, y: from.y + from.height / 2 + spread / 3 },
    ...bends.map((b) => ({ x: b.x, y: b.y + spread })),
    { x: to.x - 2, y: to.y + to.height / 2 + spread / 3 },
  ];
  // Horizontal tangents at every point: smooth S-curves between columns.
  let d = `M${points[0]!.x},${points[0]!.y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const dx = Math.max(20, (b.x - a.x) / 2);
    d += ` C${a.x + dx},${a.y} ${b.x - dx},${b.y} ${b.x},${b.y}`;
  }
  // The label sits on the last segment, just before the stage that needs it, on a white band.
  const a = points[points.length - 2]!;
  const b = points[points.length - 1]!;
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2 + spread;
  const lines = labelLines(edge);
  const w = Math.ceil(Math.max(...lines.map((l) => l.length)) * LABEL_CHAR) + 10;
  return { path: `<path d="${d}" marker-end="url(#arrow)"/>`, label: { x: mx, y: my, w, lines } };
}
