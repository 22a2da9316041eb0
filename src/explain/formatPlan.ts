import type { BuilderDecision, DockerfilePlan, PlannedEdge } from './planDockerfile.js';

/** The name of what an edge needs: a stage's display name or an image reference. */
export function neededName(plan: DockerfilePlan, edge: PlannedEdge): string {
  return 'stage' in edge.needs ? (plan.stages[edge.needs.stage]?.displayName ?? `stage-${edge.needs.stage}`) : edge.needs.image;
}

/** `COPY --from=dev (line 8)`: the cause as written, where it is, and the builders when only one has it. */
export function edgeLabel(edge: PlannedEdge, options: { readonly line?: boolean } = {}): string {
  const what =
    edge.cause === 'COPY --from' ? `COPY --from=${edge.written}` : edge.cause === 'RUN --mount' ? `RUN --mount from=${edge.written}` : edge.cause;
  const only = edge.builders.length === 1 ? ` [${edge.builders[0]} only]` : '';
  return options.line === false ? `${what}${only}` : `${what} (line ${edge.line})${only}`;
}

function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

function cell(decision: BuilderDecision, stage: string): string {
  const d = decision.stages.find((s) => s.stage === stage);
  if (!d) return '-';
  return d.runs ? `${d.step}. ${d.reason}` : `skipped: ${d.reason}`;
}

/** `dockerfile-sim plan` as text: stages, labelled edges, then both builders side by side. */
export function formatPlanText(plan: DockerfilePlan): string {
  const lines: string[] = [];
  if (plan.stages.length > 0) {
    lines.push('Stages:');
    lines.push(...table(plan.stages.map((s) => [`#${s.index}`, s.displayName, `FROM ${s.base}`, `(line ${s.line})`])));
  }
  if (plan.edges.length > 0) {
    lines.push('', 'Graph (needed -> stage that needs it):');
    lines.push(...table(plan.edges.map((e) => [neededName(plan, e), '->', plan.stages[e.stage]!.displayName, edgeLabel(e)])));
  }
  const { buildkit, classic } = plan;
  const target = buildkit.target ?? classic.target;
  if (plan.stages.length > 0 && (buildkit.failure === undefined || classic.failure === undefined)) {
    lines.push('', `Target: ${target}`);
    const rows = [['stage', 'buildkit', 'classic'], ...plan.stages.map((s) => [s.displayName, cell(buildkit, s.displayName), cell(classic, s.displayName)])];
    lines.push(...table(rows));
  }
  if (lines.length > 0) lines.push('');
  lines.push('Order:');
  for (const d of [buildkit, classic]) {
    const what = d.failure ? `fails: ${d.failure.range ? `line ${d.failure.range.start.line}: ` : ''}${d.failure.message}` : d.order.join(' -> ');
    lines.push(`  ${`${d.builder}:`.padEnd(9)} ${what}`);
  }
  return lines.join('\n') + '\n';
}

const quoteMermaid = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;

/** Node ids shared by mermaid and dot: `s0` for stage 0, `i0` for the first image. */
function nodeIds(plan: DockerfilePlan): { stage: (i: number) => string; image: (ref: string) => string; images: string[] } {
  const images = [...new Set(plan.edges.flatMap((e) => ('image' in e.needs ? [e.needs.image] : [])))];
  return { stage: (i) => `s${i}`, image: (ref) => `i${images.indexOf(ref)}`, images };
}

function sourceId(ids: ReturnType<typeof nodeIds>, edge: PlannedEdge): string {
  return 'stage' in edge.needs ? ids.stage(edge.needs.stage) : ids.image(edge.needs.image);
}

function stageTitle(plan: DockerfilePlan, index: number): string {
  const s = plan.stages[index]!;
  return s.displayName === plan.buildkit.target || s.displayName === plan.classic.target ? `${s.displayName} (target)` : s.displayName;
}

/**
 * A mermaid flowchart (GitHub renders it in a ```mermaid block): stages as boxes, images as
 * parallelograms, stages BuildKit skips dashed; each builder's order as a comment.
 */
export function formatPlanMermaid(plan: DockerfilePlan): string {
  const ids = nodeIds(plan);
  const lines = ['flowchart LR'];
  ids.images.forEach((ref) => lines.push(`  ${ids.image(ref)}[/${quoteMermaid(ref)}/]`));
  for (const s of plan.stages) lines.push(`  ${ids.stage(s.index)}[${quoteMermaid(stageTitle(plan, s.index))}]`);
  for (const e of plan.edges) lines.push(`  ${sourceId(ids, e)} -->|${quoteMermaid(edgeLabel(e))}| ${ids.stage(e.stage)}`);
  const skipped = plan.buildkit.stages.filter((d) => !d.runs).map((d) => plan.stages.find((s) => s.displayName === d.stage)!);
  if (skipped.length > 0) {
    lines.push('  classDef skipped stroke-dasharray: 5 5,color:#888');
    lines.push(`  class ${skipped.map((s) => ids.stage(s.index)).join(',')} skipped`);
  }
  for (const d of [plan.buildkit, plan.classic]) lines.push(`  %% ${d.builder}: ${d.failure ? `fails: ${d.failure.message}` : d.order.join(' -> ')}`);
  return lines.join('\n') + '\n';
}

const quoteDot = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz dot: the same graph; stages BuildKit skips dashed, images as ellipses. */
export function formatPlanDot(plan: DockerfilePlan): string {
  const ids = nodeIds(plan);
  const skipped = new Set(plan.buildkit.stages.filter((d) => !d.runs).map((d) => d.stage));
  const lines = ['digraph build {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];'];
  for (const d of [plan.buildkit, plan.classic]) lines.push(`  // ${d.builder}: ${d.failure ? `fails: ${d.failure.message}` : d.order.join(' -> ')}`);
  ids.images.forEach((ref) => lines.push(`  ${ids.image(ref)} [label=${quoteDot(ref)}, shape=ellipse];`));
  for (const s of plan.stages) {
    const style = skipped.has(s.displayName) ? ', style=dashed' : '';
    lines.push(`  ${ids.stage(s.index)} [label=${quoteDot(stageTitle(plan, s.index))}${style}];`);
  }
  for (const e of plan.edges) lines.push(`  ${sourceId(ids, e)} -> ${ids.stage(e.stage)} [label=${quoteDot(edgeLabel(e))}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
