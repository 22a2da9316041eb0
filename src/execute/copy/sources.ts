import { posix } from 'node:path';
import { DockerfileError } from '../../model/errors.js';
import { baseName, cleanAbsolute, components, joinPath } from '../../fs/paths.js';
import { compareNames, type DirNode, type FileNode, type FsTree } from '../../fs/tree.js';
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
  const segments = components(clean);
  const first = segments.findIndex(hasWildcards);
  if (first === -1) {
    const found = follow(tree, clean);
    // Missing here means another source contained it, so the cache-key pass passed it by.
    if (!found) throw buildkitLstat(tree.resolve(clean, true));
    return [{ name: baseName(clean), ...found }];
  }
  const base = tree.resolve('/' + segments.slice(0, first).join('/'), true);
  const baseNode = tree.get(base);
  if (!baseNode) throw buildkitLstat(base);
  if (baseNode.type !== 'dir') return [];
  return globPaths(base, baseNode, segments.slice(first)).map((path) => {
    const found = follow(tree, path);
    if (!found) throw buildkitNotFound(tree.resolve(path, true));
    return { name: baseName(path), ...found };
  });
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
