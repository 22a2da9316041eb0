import { posix } from 'node:path';
import { DockerfileError } from '../../model/errors.js';
import { baseName, cleanAbsolute, components, joinPath } from '../../fs/paths.js';
import { compareNames, TooManyLinksError, type DirNode, type FileNode, type FsTree, type Node } from '../../fs/tree.js';
import type { BuilderMode } from '../../model/builder.js';
import { hasWildcards, matchSegment } from './glob.js';
import { buildkitLstat, buildkitNotFound, classicNotFound, type CopyCommand } from './messages.js';

/** Where local sources are read from: the build context, or `/` of a stage or image. */
export interface SourceRoot {
  readonly tree: FsTree;
  readonly fromContext: boolean;
  /** True when a step before could not be run, so a missing path may just be unknown. */
  readonly partial: boolean;
  /** Real paths below which the files are declared, so known even in a partial root (see effects/known.ts). */
  readonly known?: readonly string[] | undefined;
  /** BuildKit: the LLB output of a stage or image root (see StageState); undefined for the context. */
  readonly llbOutput?: string | undefined;
  /** Provenance of a path in this root (`context:a/b`, `stage build:/a/b`). */
  label(path: string): string;
}

/** One entry a source names, with top-level symlinks followed. */
export interface SourceMatch {
  /** The name it takes inside a destination directory: as written or matched (a link's own name). */
  readonly name: string;
  /** Its real path in the source tree. */
  readonly path: string;
  readonly node: FileNode | DirNode;
}

/**
 * The entries one expanded source names, in the builder's order, or the builder's error when a
 * named path is missing. A wildcard matches per path segment, and a matched directory stands for
 * its contents like any directory source.
 */
export function resolveSource(root: SourceRoot, source: string, builder: BuilderMode, command: CopyCommand): SourceMatch[] {
  return builder === 'buildkit' ? resolveBuildkit(root.tree, source) : resolveClassic(root, source, command);
}

/**
 * BuildKit's cache-key pass, before any file is copied: a named path that no other named source
 * contains (`.` contains everything) must exist, else the build fails with "not found". A path
 * that another source contains is only found missing while copying (see resolveBuildkit).
 */
export function checkBuildkitCacheKeys(root: SourceRoot, sources: readonly string[], isPartial: (source: string) => boolean): void {
  const literal = sources.filter((s) => !hasWildcards(s)).map((s) => [s, cleanAbsolute(s)] as const);
  for (const [source, path] of literal) {
    const covered = literal.some(([, other]) => other !== path && (other === '/' || path.startsWith(`${other}/`)));
    if (covered || isPartial(source) || follow(root.tree, path)) continue;
    throw buildkitNotFound(root.tree.resolve(path, true));
  }
}

/**
 * BuildKit cleans the path (`..` stops at `/`, a trailing `/` or `/.` is dropped), follows the
 * symlinks of the fixed part before the first wildcard (which must exist), and ignores a pattern
 * that matches nothing; a named path or match that is missing once its symlinks are followed is
 * reported under the path they lead to.
 */
function resolveBuildkit(tree: FsTree, source: string): SourceMatch[] {
  const clean = cleanAbsolute(source);
  const wildcard = wildcardParts(tree, clean);
  if (!wildcard) {
    const found = follow(tree, clean);
    // Missing here means another source contained it, so the cache-key pass passed it by.
    if (!found) throw buildkitLstat(tree.resolve(clean, true));
    return [{ name: baseName(clean), ...found }];
  }
  if (!wildcard.baseNode) throw buildkitLstat(wildcard.base);
  return wildcard.matches().map((path) => {
    const found = follow(tree, path);
    if (!found) throw buildkitNotFound(checksumHops(tree, path).missing ?? tree.resolve(path, true));
    return { name: baseName(path), ...found };
  });
}

/**
 * A source with a wildcard: its fixed part before the first wildcard (as written, and resolved
 * through symlinks, which must exist) and the real paths it matches below that; undefined
 * without a wildcard.
 */
function wildcardParts(tree: FsTree, clean: string): { written: string; base: string; baseNode: Node | undefined; matches(): string[] } | undefined {
  const segments = components(clean);
  const first = segments.findIndex(hasWildcards);
  if (first === -1) return undefined;
  const written = '/' + segments.slice(0, first).join('/');
  const base = tree.resolve(written, true);
  const baseNode = tree.get(base);
  const matches = (): string[] => (baseNode?.type === 'dir' ? globPaths(base, baseNode, segments.slice(first)) : []);
  return { written, base, baseNode, matches };
}

/** BuildKit's checksumFollow gives up after this many links. */
const MAX_CHECKSUM_LINKS = 255;

/**
 * The paths BuildKit's checksumFollow visits from `path`: each symlink's target is joined to the
 * link's own path as written (only parents are resolved when a path is looked up), and the first
 * path that does not exist, if any.
 */
export function checksumHops(tree: FsTree, path: string): { hops: string[]; missing: string | undefined } {
  const hops: string[] = [];
  let current = cleanAbsolute(path);
  for (let links = 0; ; links++) {
    if (links > MAX_CHECKSUM_LINKS) {
      throw new DockerfileError('source-not-found', `failed to compute cache key: failed to calculate checksum of ref <ref>: too many symlinks: ${current}`);
    }
    hops.push(current);
    let node: Node | undefined;
    try {
      node = tree.get(tree.resolve(current, false));
    } catch (error) {
      if (!(error instanceof TooManyLinksError)) throw error;
    }
    if (!node) return { hops, missing: current };
    if (node.type !== 'symlink') return { hops, missing: undefined };
    current = cleanAbsolute(node.target.startsWith('/') ? node.target : posix.join(posix.dirname(current), node.target));
  }
}

/**
 * BuildKit's cache key of a wildcard source lists each match and every entry inside a matched
 * directory, and follows each symlink among them (checksumFollow): where each such link leads,
 * named below the source as written. Empty for a source without wildcards, whose directories
 * are hashed as they are.
 */
export function linksInWildcardMatches(tree: FsTree, source: string): ReturnType<typeof checksumHops>[] {
  const wildcard = wildcardParts(tree, cleanAbsolute(source));
  if (!wildcard) return [];
  const { written, base } = wildcard;
  const reads: ReturnType<typeof checksumHops>[] = [];
  const visit = (path: string, dir: DirNode): void => {
    for (const name of [...dir.children.keys()].sort(compareNames)) {
      const child = dir.children.get(name)!;
      const childPath = joinPath(path, name);
      if (child.type === 'symlink') reads.push(checksumHops(tree, childPath));
      else if (child.type === 'dir') visit(childPath, child);
    }
  };
  for (const match of wildcard.matches()) {
    const node = tree.get(match);
    const path = joinPath(written, match.slice(base.length).replace(/^\//, ''));
    if (node?.type === 'symlink') reads.push(checksumHops(tree, path));
    else if (node?.type === 'dir') visit(path, node);
  }
  return reads;
}

/**
 * The classic builder trims one leading `/` and then one `./` but does not clean the path: a
 * pattern is matched against real paths from the root, so a trailing slash, `.` or `..` in it
 * matches nothing, and symlinked directories are not searched.
 */
function resolveClassic(root: SourceRoot, source: string, command: CopyCommand): SourceMatch[] {
  let path = source.startsWith('/') ? source.slice(1) : source;
  if (path.startsWith('./')) path = path.slice(2);
  if (root.fromContext && /^\.\.(\/|$)/.test(posix.normalize(path))) {
    throw new DockerfileError('source-not-found', `${command} failed: forbidden path outside the build context: ${source} ()`);
  }
  const named = (rel: string, name: string): SourceMatch => {
    const found = follow(root.tree, '/' + rel);
    if (!found) throw classicNotFound(command, rel, root.fromContext);
    return { name, ...found };
  };
  if (!hasWildcards(path)) return [named(path, goBase(path))];
  return globPaths('/', root.tree.rootNode(), path.split('/')).map((real) => named(real.slice(1), baseName(real)));
}

function follow(tree: FsTree, path: string): Omit<SourceMatch, 'name'> | undefined {
  const { path: real, node } = tree.lookup(path);
  return node && node.type !== 'symlink' ? { path: real, node } : undefined;
}

/** Real paths below `base` whose segments match `patterns` one by one, in lexical walk order. */
function globPaths(base: string, dir: DirNode, patterns: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (path: string, node: DirNode, depth: number): void => {
    const pattern = patterns[depth]!;
    for (const name of [...node.children.keys()].sort(compareNames)) {
      if (!matchSegment(pattern, name)) continue;
      const child = node.children.get(name)!;
      if (depth === patterns.length - 1) found.push(joinPath(path, name));
      else if (child.type === 'dir') visit(joinPath(path, name), child, depth + 1);
    }
  };
  visit(base, dir, 0);
  return found;
}

/** Go's filepath.Base: the last element, trailing slashes ignored (`.` for an empty path). */
function goBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return baseName(trimmed);
}
