import { posix } from 'node:path';
import { emulate } from '../api/emulate.js';
import type { EmulateOptions } from '../api/options.js';
import type { ParsedDockerfile } from '../model/instruction.js';
import type { BuildResult, Provenance } from '../model/result.js';
import { instructionOf, resolvePaths, workdirs } from './resolveStep.js';

/** One link of the chain that put a path in the image, in build order. */
export type WhyLink =
  | { readonly kind: 'context'; readonly path: string }
  | { readonly kind: 'image'; readonly image: string; readonly path: string }
  | { readonly kind: 'base'; readonly stage: string; readonly base: string; readonly path: string }
  | { readonly kind: 'step'; readonly stage: string; readonly line: number; readonly instruction: string; readonly path: string }
  | { readonly kind: 'inherit'; readonly stage: string; readonly from: string };

/** The answer of `dockerfile-sim why PATH`. */
export interface WhyAnswer {
  readonly path: string;
  readonly present: boolean;
  /** Present: from its origin to the final image. */
  readonly chain: readonly WhyLink[];
  /** Present: earlier writes that the chain's last step overwrote. Absent: every reason found. */
  readonly notes: readonly string[];
  /** The build fails, so there is no final image to look in. */
  readonly failure?: string;
}

export interface WhyOptions {
  /** The Dockerfile as parsed, to map COPY destinations back to context paths. */
  readonly parsed?: ParsedDockerfile;
  /** Emulate a skipped stage as the target (to say whether it would hold the path). */
  readonly emulateStage?: (target: string) => Promise<BuildResult>;
}

/** `/app/` and `app` both mean `/app`. */
export function imagePath(path: string): string {
  return posix.resolve('/', path);
}

function provenanceIn(result: BuildResult, stage: string): Map<string, Provenance> {
  const list = stage === result.target ? result.provenance : (result.snapshots?.find((s) => s.stage === stage)?.provenance ?? []);
  return new Map(list.map((p) => [p.path, p]));
}

/** A stage's FROM chain: itself, the stage it starts from, and so on (by display name). */
function fromChain(result: BuildResult, stage: string): string[] {
  const chain = [stage];
  for (let s = result.stages.find((x) => x.displayName === stage); s; ) {
    const parent = result.stages.find((x) => x.index < s!.index && x.name !== undefined && x.name === s!.base.toLowerCase());
    if (!parent || chain.includes(parent.displayName)) break;
    chain.push(parent.displayName);
    s = parent;
  }
  return chain;
}

/** Follows provenance back from the final image: stage paths to the stages that made them, to a context file, image or base. */
function chainOf(result: BuildResult, path: string): WhyLink[] {
  const links: WhyLink[] = [];
  let stage = result.target!;
  let current = path;
  for (let hops = 0; hops < 64; hops++) {
    const p = provenanceIn(result, stage).get(current);
    const ancestors = fromChain(result, stage);
    if (!p) {
      const root = result.stages.find((s) => s.displayName === ancestors[ancestors.length - 1]);
      for (let i = 0; i + 1 < ancestors.length; i++) links.push({ kind: 'inherit', stage: ancestors[i]!, from: ancestors[i + 1]! });
      links.push({ kind: 'base', stage: root?.displayName ?? stage, base: root?.base ?? '?', path: current });
      break;
    }
    // Inherited through FROM: each stage between the one looked in and the one that wrote it.
    for (let i = 0; i + 1 < ancestors.length && ancestors[i] !== p.stage; i++) links.push({ kind: 'inherit', stage: ancestors[i]!, from: ancestors[i + 1]! });
    links.push({ kind: 'step', stage: p.stage, line: p.line, instruction: p.instruction, path: current });
    const source = p.source ?? '';
    const fromStage = /^stage (.+?):(\/.*)$/.exec(source);
    if (source.startsWith('context:')) {
      links.push({ kind: 'context', path: source.slice('context:'.length) });
    } else if (source.startsWith('image ')) {
      const colon = source.indexOf(':/');
      links.push({ kind: 'image', image: source.slice('image '.length, colon), path: source.slice(colon + 1) });
    } else if (fromStage) {
      stage = fromStage[1]!;
      current = fromStage[2]!;
      continue;
    }
    break;
  }
  return links.reverse();
}

/** Earlier steps of the final chain that wrote the path before the one that left it there. */
function overwrites(result: BuildResult, path: string, last: WhyLink | undefined): string[] {
  if (last?.kind !== 'step') return [];
  const stages = new Set(fromChain(result, result.target!));
  return (result.steps ?? [])
    .filter((s) => stages.has(s.stage) && (s.added.includes(path) || s.changed.includes(path)) && !(s.stage === last.stage && s.line === last.line))
    .map((s) => `also written by line ${s.line} (${s.instruction.split('\n')[0]}) in stage ${s.stage}, then overwritten by line ${last.line}`);
}

/** Steps of the final chain that removed the path, or replaced a parent directory. */
function removals(result: BuildResult, path: string): string[] {
  const stages = new Set(fromChain(result, result.target!));
  return (result.steps ?? []).flatMap((s) => {
    if (!stages.has(s.stage) || !s.removed.includes(path)) return [];
    const replaced = [...s.changed, ...s.added].find((p) => path.startsWith(`${p}/`));
    const how = replaced !== undefined ? `overwritten: line ${s.line} replaced ${replaced}` : `removed by line ${s.line}`;
    return [`${how} in stage ${s.stage}: ${s.instruction.split('\n')[0]}`];
  });
}

interface Candidate {
  /** The context path that would land at the path asked about. */
  readonly context?: string;
  /** Or the stage path a COPY --from would bring, which that stage lacks. */
  readonly missing?: { readonly stage: string; readonly path: string };
  /** The context COPY/ADD, and the COPY --from lines that carry its result to the final stage. */
  readonly step: string;
}

/** Where a COPY/ADD with these resolved words would have taken `path` from, relative to each source. */
function sourcesFor(sources: readonly string[], destination: string, path: string, isDir: (source: string) => boolean | undefined): string[] {
  const dest = destination.replace(/\/+$/, '') || '/';
  const under = dest === '/' ? '/' : `${dest}/`;
  const intoDir = destination.endsWith('/') || sources.length > 1;
  const out: string[] = [];
  for (const source of sources) {
    if (source.startsWith('<<') || /^[a-z]+:\/\//i.test(source)) continue;
    const base = posix.basename(source);
    const dir = isDir(source);
    // A file lands at dest or in it; a directory's contents land under dest; unknown: either.
    if (dir !== true && !intoDir && path === dest) out.push(source);
    if (dir !== true && intoDir && base !== '' && path === `${under}${base}`) out.push(source);
    if (dir !== false && path.startsWith(under)) out.push(`${source.replace(/\/+$/, '')}/${path.slice(under.length)}`.replace(/^\/+/, ''));
  }
  return out;
}

/** A COPY --from value as written (`build`, `0`) to the stage's display name. */
function stageNamed(result: BuildResult, written: string): string | undefined {
  const s = result.stages.find((x) => x.name === written.toLowerCase()) ?? (/^\d+$/.test(written) ? result.stages[Number(written)] : undefined);
  return s?.displayName;
}

/**
 * Context paths that the build would have put at `path` in `stage`: through the context
 * COPY/ADD steps of the stage's FROM chain, and through its COPY --from steps into the stages
 * they copy from.
 */
function contextCandidates(result: BuildResult, stage: string, path: string, parsed: ParsedDockerfile | undefined, via = '', depth = 0): Candidate[] {
  if (depth > 16) return [];
  const steps = result.steps ?? [];
  const chain = new Set(fromChain(result, stage));
  const dirs = workdirs(result);
  const out: Candidate[] = [];
  steps.forEach((step, i) => {
    if (!chain.has(step.stage)) return;
    const resolved = resolvePaths(step, instructionOf(step, parsed), dirs[i]!, parsed?.directives.escape ?? '\\');
    if (!resolved || resolved.sources.length === 0) return;
    const what = `line ${step.line} (${step.instruction.split('\n')[0]}) in stage ${step.stage}`;
    if (resolved.fromContext) {
      const sources = resolved.sources.map((s) => posix.normalize(s).replace(/^(\.\/)+/, '').replace(/^\.(\/|$)/, ''));
      const kinds = new Map((result.context?.files ?? []).map((f) => [f.path, f.type === 'dir']));
      const isDir = (source: string): boolean | undefined => (source === '' ? true : kinds.get(source.replace(/\/+$/, '')));
      for (const context of sourcesFor(sources, resolved.destination, path, isDir)) out.push({ context, step: what + via });
      return;
    }
    // `build:/out/` → stage build, path /out/
    for (const source of resolved.sources) {
      const colon = source.indexOf(':/');
      const from = stageNamed(result, source.slice(0, colon));
      if (from === undefined) continue;
      const tree = result.snapshots?.find((x) => x.stage === from)?.tree ?? [];
      const isDir = (p: string): boolean | undefined => {
        const entry = tree.find((e) => e.path === imagePath(p));
        return entry === undefined ? undefined : entry.type === 'dir';
      };
      for (const inStage of sourcesFor([source.slice(colon + 1)], resolved.destination, path, isDir)) {
        if (isDir(inStage) === undefined) out.push({ missing: { stage: from, path: imagePath(inStage) }, step: what + via });
        out.push(...contextCandidates(result, from, imagePath(inStage), parsed, `, then ${what}${via}`, depth + 1));
      }
    }
  });
  return out;
}

function excludedReasons(result: BuildResult, path: string, parsed: ParsedDockerfile | undefined): string[] {
  const listing = result.context;
  if (!listing) return [];
  const covering = (candidate: string) => listing.excluded.find((e) => candidate === e.path || candidate.startsWith(`${e.path}/`));
  const rule = (e: (typeof listing.excluded)[number]) => (e.rule ? `${e.rule.file}:${e.rule.line}: ${e.rule.pattern}` : 'the ignore file');
  const reasons = new Set<string>();
  for (const { context, missing, step } of contextCandidates(result, result.target!, path, parsed)) {
    if (missing) {
      reasons.add(`not in stage ${missing.stage}: ${step} would bring ${missing.path} of stage ${missing.stage} here, but that stage has no such path`);
      continue;
    }
    if (context === undefined) continue;
    const e = covering(context);
    if (e) reasons.add(`excluded: ${step} would bring context path ${context} here, but ${e.path} is excluded by ${rule(e)}`);
    else if (!listing.files.some((f) => f.path === context)) reasons.add(`not in the context: ${step} would bring context path ${context} here, but the context has no such path`);
  }
  if (reasons.size === 0) {
    // No COPY maps here: still name an excluded context path whose name ends this path.
    for (const e of listing.excluded) {
      if (path.endsWith(`/${e.path}`) || path.includes(`/${e.path}/`)) reasons.add(`excluded: the context path ${e.path} is excluded by ${rule(e)}`);
    }
  }
  return [...reasons];
}

/** Built stages outside the final FROM chain that hold the path, which no COPY --from brought over. */
function neverCopied(result: BuildResult, path: string): string[] {
  const chain = new Set(fromChain(result, result.target!));
  return (result.snapshots ?? []).flatMap((s) => {
    if (chain.has(s.stage) || !s.tree.some((e) => e.path === path)) return [];
    const p = s.provenance.find((x) => x.path === path);
    const how = p ? ` (line ${p.line}: ${p.instruction.split('\n')[0]})` : ' (from its base image)';
    return [`never copied: stage ${s.stage} has ${path}${how}, but no COPY --from copies it into the final image`];
  });
}

async function skippedStages(result: BuildResult, path: string, options: WhyOptions): Promise<string[]> {
  const out: string[] = [];
  for (const s of result.stages) {
    if (s.status !== 'skipped') continue;
    if (s.name === undefined || !options.emulateStage) {
      out.push(`stage ${s.displayName} is not built (${s.reason}); unnamed, it cannot be emulated as a target to look inside`);
      continue;
    }
    const alone = await options.emulateStage(s.name);
    if (alone.status !== 'success' || !alone.tree.some((e) => e.path === path)) continue;
    const p = alone.provenance.find((x) => x.path === path);
    const how = p ? ` (line ${p.line}: ${p.instruction.split('\n')[0]})` : ' (from its base image)';
    out.push(`not built: stage ${s.displayName} would have ${path}${how}, but it is not built: ${s.reason}`);
  }
  return out;
}

/**
 * Why a path is, or is not, in the final image of a traced build (`emulate({ trace, snapshots,
 * listContext })`): for a present path, the chain from its origin (a context file, an image, a
 * base) through each COPY to the final stage; for an absent one, every reason found — removed or
 * overwritten, excluded by .dockerignore, produced in a stage that is not built, never copied.
 */
export async function explainPath(result: BuildResult, rawPath: string, options: WhyOptions = {}): Promise<WhyAnswer> {
  const path = imagePath(rawPath);
  if (result.status !== 'success' || result.target === undefined) {
    return { path, present: false, chain: [], notes: [], failure: result.failure?.message ?? 'the build fails' };
  }
  if (result.tree.some((e) => e.path === path)) {
    const chain = chainOf(result, path);
    return { path, present: true, chain, notes: overwrites(result, path, chain[chain.length - 1]) };
  }
  const notes = [
    ...removals(result, path),
    ...excludedReasons(result, path, options.parsed),
    ...neverCopied(result, path),
    ...(await skippedStages(result, path, options)),
  ];
  if (notes.length === 0) notes.push(`no instruction of the stages that run (${result.order.join(', ')}) puts ${path} in the final image`);
  return { path, present: false, chain: [], notes };
}

/** {@link explainPath} with its own emulations: the build traced, and each skipped named stage as a target. */
export async function whyPath(path: string, options: EmulateOptions & { readonly parsed?: ParsedDockerfile }): Promise<WhyAnswer> {
  const { parsed, ...emulateOptions } = options;
  const result = await emulate({ ...emulateOptions, trace: true, snapshots: true, listContext: true });
  return explainPath(result, path, {
    ...(parsed ? { parsed } : {}),
    emulateStage: (target) => emulate({ ...emulateOptions, target, onContextProgress: undefined }),
  });
}

/** The answer as text. */
export function formatWhy(answer: WhyAnswer): string {
  const lines: string[] = [];
  if (answer.failure !== undefined) {
    lines.push(`${answer.path}: the build fails, so there is no final image (${answer.failure})`);
  } else if (answer.present) {
    lines.push(`${answer.path} is in the final image:`);
    answer.chain.forEach((link, i) => lines.push(`  ${i === 0 ? '  ' : '->'} ${linkText(link)}`));
  } else {
    lines.push(`${answer.path} is not in the final image:`);
  }
  for (const note of answer.notes) lines.push(`  - ${note}`);
  return lines.join('\n') + '\n';
}

function linkText(link: WhyLink): string {
  switch (link.kind) {
    case 'context':
      return `context file ${link.path}`;
    case 'image':
      return `${link.path} of image ${link.image}`;
    case 'base':
      return `${link.path} from ${link.base === 'scratch' ? 'scratch' : `the base image ${link.base}`} of stage ${link.stage}`;
    case 'inherit':
      return `stage ${link.stage} starts FROM stage ${link.from}`;
    case 'step':
      return `stage ${link.stage}, line ${link.line}: ${link.instruction.split('\n')[0]}  => ${link.path}`;
  }
}
