import { posix } from 'node:path';
import { sourcePartial } from '../../effects/known.js';
import { expandHeredocBody } from '../../expand/expandWord.js';
import { contentFromBuffer } from '../../fs/content.js';
import { cleanAbsolute } from '../../fs/paths.js';
import type { FileNode } from '../../fs/tree.js';
import type { BuilderMode } from '../../model/builder.js';
import { DockerfileError } from '../../model/errors.js';
import type { AddInstruction, CopyInstruction } from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { extractTar, probeArchive } from '../copy/archive.js';
import { parseChmod } from '../copy/chmod.js';
import { recordBuildkitCopy, recordClassicCopy } from '../copy/history.js';
import { buildkitNotFound, classicNeedsSlash, classicNoSources, classicPivotFailed } from '../copy/messages.js';
import { Placer, type Destination } from '../copy/place.js';
import { sourceRoot } from '../copy/roots.js';
import { sourceKind } from '../copy/sourceKind.js';
import {
  checkBuildkitCacheKeys,
  linksInWildcardMatches,
  resolveSource,
  type SourceMatch,
  type SourceRoot,
} from '../copy/sources.js';
import { expandIn } from '../expandIn.js';
import { lookupVariable, originOf, SCRATCH_OUTPUT, type StageState } from '../stageState.js';
import { ownerNeedsMissingAccounts, resolveOwner } from '../users.js';

type Copy = CopyInstruction | AddInstruction;

/** What the copy does, in the builder's order: a local entry, a remote source, inline content. */
type Step =
  | { readonly kind: 'local'; readonly match: SourceMatch }
  | { readonly kind: 'remote'; readonly source: string }
  | { readonly kind: 'heredoc'; readonly name: string; readonly node: FileNode };

/**
 * COPY and ADD. Failures come in the builder's order: expansion first (both builders expand
 * every word before running the instruction); then classic checks `--chmod`, `--from`, each
 * source in turn, the several-sources rule and `--chown`, while BuildKit checks `--from`,
 * `--checksum` and URL/git sources, then missing paths, then `--chown` as the copy runs.
 */
export function runCopy(state: StageState, instruction: Copy, env: BuildEnv): void {
  const { builder } = state;
  const command = instruction.kind;
  const expand = (text: string): string => expandIn(state, text, env);
  // Frontend 1.7 expands --chown and ADD's --checksum, but not --chmod.
  const chownText = instruction.chown?.value === undefined ? '' : expand(instruction.chown.value);
  const checksum = instruction.kind === 'ADD' && instruction.checksum?.value !== undefined ? expand(instruction.checksum.value) : '';
  const sources = instruction.sources.map((word) => expand(word.text));
  const destText = expand(instruction.destination.text);
  const heredocs = builder === 'buildkit' ? heredocSteps(state, instruction) : [];
  const chmodText = instruction.chmod?.value ?? '';
  const chmod = parseChmod(chmodText, builder);
  const root = sourceRoot(state, instruction, env);
  if (builder === 'buildkit') checkBuildkitSources(command, sources, checksum);
  const resolveChown = () => (chownText === '' ? undefined : resolveOwner(chownText, state.tree, builder, state.llbOutput === SCRATCH_OUTPUT));

  // BuildKit hashes the sources of an input other than the destination itself (and not scratch,
  // which is no input at all); otherwise a missing source shows only as the copy runs.
  const hashed = root.llbOutput !== SCRATCH_OUTPUT && root.llbOutput !== state.llbOutput;
  if (builder === 'buildkit' && hashed) {
    const local = sources.filter((s) => sourceKind(s, builder) === 'local');
    if (root.fromContext) for (const source of local) env.transfer?.name(source);
    checkBuildkitCacheKeys(root, local, (source) => sourcePartial(root, source, builder));
    for (const source of local) {
      if (sourcePartial(root, source, builder)) continue;
      for (const { hops, missing } of linksInWildcardMatches(root.tree, source)) {
        if (missing !== undefined) throw buildkitNotFound(missing);
        if (root.fromContext) env.transfer?.willRead(hops, state.plan.index, instruction);
      }
    }
  }
  // BuildKit's copy looks the owner up before it reads any source (an owner name it has
  // nowhere to look up fails first); the classic builder checks the owner last.
  const buildkitChown = builder === 'buildkit' ? resolveChown() : undefined;
  const steps: Step[] = [];
  for (const source of sources) {
    if (sourceKind(source, builder) === 'local') {
      for (const match of resolveOrSkip(state, instruction, env, root, source)) steps.push({ kind: 'local', match });
    } else if (builder === 'classic' && command === 'COPY') {
      throw new DockerfileError('invalid-argument', "COPY failed: source can't be a URL for COPY");
    } else {
      steps.push({ kind: 'remote', source });
    }
  }
  // The classic builder counts every match (it drops heredocs).
  if (builder === 'classic' && steps.length === 0) throw classicNoSources(command);
  if (builder === 'classic' && steps.length > 1 && !destText.endsWith('/')) throw classicNeedsSlash(command);
  steps.push(...heredocs);

  const chown = builder === 'buildkit' ? buildkitChown : resolveChown();
  if (chown && state.partial && ownerNeedsMissingAccounts(chownText, state.tree)) {
    env.unknown({
      stage: state.plan.displayName,
      line: instruction.range.start.line,
      what: instruction.original,
      reason: `--chown=${chownText} names an account, but this stage's /etc/passwd and /etc/group are not known`,
    });
  }
  const dest = destination(destText, state.config.WorkingDir || '/', builder);
  const options = {
    builder,
    chown,
    owner: builder === 'classic' && !chown && root.fromContext ? { uid: 0, gid: 0 } : chown,
    chmod,
    origin: (path?: string) => originOf(state, instruction, path === undefined ? undefined : root.label(path)),
  };
  state.partial ||= sources.some((source) => sourcePartial(root, source, builder));
  for (const step of steps) {
    const placer = new Placer(state.tree, options);
    if (step.kind === 'heredoc') placer.placeFile(dest, step.name, step.node);
    else if (step.kind === 'remote') unknownStep(state, instruction, env, `${command} ${step.source} is not fetched`);
    else if (step.match.node.type === 'dir') placer.placeDir(dest, step.match.node, step.match.path);
    else if (command === 'ADD') addFile(state, instruction, env, placer, dest, step.match, root);
    else placer.placeFile(dest, step.match.name, step.match.node, step.match.path);
  }

  const heredocNames = instruction.heredocs.map((h) => h.name);
  const summary = { command, chown: chownText, chmod: chmodText, sources, heredocs: heredocNames, dest: destText };
  if (builder === 'buildkit') recordBuildkitCopy(state, summary);
  // The classic builder's layer holds the destination directory itself, except for `/`: only an
  // empty directory copied onto `/` leaves it empty.
  else {
    const ontoRoot = cleanAbsolute(posix.resolve(state.config.WorkingDir || '/', destText)) === '/';
    const empty = ontoRoot && steps.every((s) => s.kind === 'local' && s.match.node.type === 'dir' && s.match.node.children.size === 0);
    recordClassicCopy(state, summary, root, steps.flatMap((s) => (s.kind === 'local' ? [s.match] : [])), empty);
  }
}

/** BuildKit's inline files: 0644 root, the body expanded unless the delimiter was quoted. */
function heredocSteps(state: StageState, instruction: Copy): Step[] {
  return instruction.heredocs.map((heredoc) => {
    const body = heredoc.expand ? expandHeredocBody(heredoc.content, (name) => lookupVariable(state, name)) : heredoc.content;
    const node: FileNode = { type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(body) };
    return { kind: 'heredoc', name: heredoc.name, node };
  });
}

/** BuildKit rejects these while converting the Dockerfile, before any file is looked at. */
function checkBuildkitSources(command: Copy['kind'], sources: readonly string[], checksum: string): void {
  if (checksum !== '') {
    if (sources.length !== 1) throw new DockerfileError('invalid-flag', "checksum can't be specified for multiple sources");
    if (sourceKind(sources[0]!, 'buildkit') !== 'url') {
      throw new DockerfileError('invalid-flag', "checksum can't be specified for non-HTTP sources");
    }
  }
  if (command !== 'COPY') return;
  for (const source of sources) {
    const kind = sourceKind(source, 'buildkit');
    if (kind === 'git') throw new DockerfileError('invalid-argument', "source can't be a git ref for COPY");
    if (kind === 'url') throw new DockerfileError('invalid-argument', "source can't be a URL for COPY");
  }
}

/**
 * A path missing from a stage whose earlier steps could not all be run may have been made by one
 * of them: that is an unknown step, not the builder's error.
 */
function resolveOrSkip(state: StageState, instruction: Copy, env: BuildEnv, root: SourceRoot, source: string): SourceMatch[] {
  try {
    return resolveSource(root, source, state.builder, instruction.kind);
  } catch (error) {
    if (!(sourcePartial(root, source, state.builder) && error instanceof DockerfileError && error.code === 'source-not-found')) throw error;
    unknownStep(state, instruction, env, `${source} is not in the source stage as far as its files are known`);
    return [];
  }
}

/** ADD extracts a local tar archive into the destination directory; any other file is copied. */
function addFile(
  state: StageState,
  instruction: AddInstruction,
  env: BuildEnv,
  placer: Placer,
  dest: Destination,
  match: SourceMatch,
  root: SourceRoot,
): void {
  const file = match.node as FileNode;
  const probe = probeArchive(file);
  if (probe.kind === 'plain') return placer.placeFile(dest, match.name, file, match.path);
  if (probe.kind === 'unreadable') {
    return unknownStep(state, instruction, env, `${match.path} may be a ${probe.format} archive, which is not extracted`);
  }
  const target = state.tree.resolve(dest.path, true);
  if (state.builder === 'buildkit') placer.ensureDir(target, placer.createdMeta());
  else {
    // The classic builder makes missing directories as root, then untars in a chroot there.
    const existing = state.tree.get(target);
    if (existing && existing.type !== 'dir') throw classicPivotFailed(target);
    placer.ensureDir(target, { mode: 0o755, uid: 0, gid: 0 }, 'file');
  }
  const label = root.label(match.path);
  extractTar(state.tree, target, probe.data, (entry) =>
    originOf(state, instruction, entry === undefined ? undefined : `${label}!${entry}`),
  );
}

function unknownStep(state: StageState, instruction: Copy, env: BuildEnv, reason: string): void {
  env.unknown({ stage: state.plan.displayName, line: instruction.range.start.line, what: instruction.original, reason });
  state.partial = true;
}

/**
 * The destination, relative to WORKDIR. BuildKit reads it as a directory when it ends in `/`, is
 * `.` or empty, or is absolute and ends in `/.`; the classic builder only when it ends in `/`.
 */
function destination(text: string, workdir: string, builder: BuilderMode): Destination {
  const absolute = text.startsWith('/');
  const path = cleanAbsolute(absolute ? text : posix.join(workdir, text));
  const isDir = text.endsWith('/') || (builder === 'buildkit' && (text === '' || text === '.' || (absolute && text.endsWith('/.'))));
  return { path, isDir };
}
