import { cleanAbsolute, components } from '../fs/paths.js';
import type { BuilderMode } from '../model/builder.js';
import { hasWildcards } from '../execute/copy/glob.js';
import type { SourceRoot } from '../execute/copy/sources.js';

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

/**
 * The path a source is read below, as the builder finds it: the part before the first wildcard.
 * The classic builder matches a wildcard pattern against real paths without cleaning it, so a
 * pattern with `.`, `..` or empty segments is left undecided (undefined) rather than guessed.
 */
function fixedPart(source: string, builder: BuilderMode): { path: string; glob: boolean } | undefined {
  const clean = components(cleanAbsolute(source));
  if (builder === 'buildkit' || !clean.some(hasWildcards)) return cut(clean);
  let path = source.startsWith('/') ? source.slice(1) : source;
  if (path.startsWith('./')) path = path.slice(2);
  const segments = path.split('/');
  return segments.some((s) => s === '' || s === '.' || s === '..') ? undefined : cut(segments);
}

function cut(segments: readonly string[]): { path: string; glob: boolean } {
  const first = segments.findIndex(hasWildcards);
  const fixed = first === -1 ? segments : segments.slice(0, first);
  return { path: '/' + fixed.join('/'), glob: first !== -1 };
}

/**
 * Whether `COPY --from` of `source` may miss files an unmodelled step made: only when the root
 * is partial and the source is not inside a path whose contents were declared (run effects).
 * BuildKit follows symlinks in the path before matching; the classic builder matches wildcards
 * against real paths only.
 */
export function sourcePartial(root: SourceRoot, source: string, builder: BuilderMode): boolean {
  if (!root.partial) return false;
  const known = root.known ?? [];
  if (known.length === 0) return true;
  const fixed = fixedPart(source, builder);
  if (fixed === undefined) return true;
  let real: string;
  try {
    real = builder === 'classic' && fixed.glob ? fixed.path : root.tree.resolve(fixed.path, true);
  } catch {
    return true;
  }
  return !known.some((prefix) => under(real, prefix));
}
