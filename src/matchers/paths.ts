import { formatTreeLine, imageFs, type BuildResult, type ImageFs, type TreeEntry } from '../index.js';
import { argumentError } from './received.js';

/** Symlinks followed before giving up, as Linux's MAXSYMLINKS. */
const MAX_HOPS = 40;
const NEAREST_LINES = 5;
const VIA_LINES = 3;
const LOOP = 'is a symlink loop';

/** Where a path leads in the final image. */
export type Lookup =
  | {
      readonly found: true;
      /** The real path, after symlinks. */
      readonly path: string;
      /** undefined for the root directory, which the tree does not list. */
      readonly entry: TreeEntry | undefined;
      /** The symlinks followed, as `link -> target`. */
      readonly via: readonly string[];
    }
  | {
      readonly found: false;
      /** The first path that does not exist (or cannot be walked through). */
      readonly missing: string;
      /** Why the walk stopped. */
      readonly why: string;
      /** The deepest directory reached, whose entries are the nearest existing paths. */
      readonly nearest: string;
      readonly via: readonly string[];
    };

const indexes = new WeakMap<BuildResult, Map<string, TreeEntry>>();
const views = new WeakMap<BuildResult, ImageFs | null>();

function indexOf(result: BuildResult): Map<string, TreeEntry> {
  let index = indexes.get(result);
  if (!index) {
    index = new Map(result.tree.map((e) => [e.path, e]));
    indexes.set(result, index);
  }
  return index;
}

/**
 * The image as a read-only fs, built once per result (`imageFs` builds a whole tree per call);
 * undefined for a result that is not `emulate()`'s own object (a JSON copy has no files).
 */
export function viewOf(result: BuildResult): ImageFs | undefined {
  if (!views.has(result)) {
    let view: ImageFs | null = null;
    try {
      view = imageFs(result);
    } catch {
      view = null;
    }
    views.set(result, view);
  }
  return views.get(result) ?? undefined;
}

/** The matcher's path argument as a clean absolute path; misuse throws. */
export function checkPath(matcher: string, path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw argumentError(matcher, `the path must be an absolute path such as "/app/index.js", received ${JSON.stringify(path)}`);
  }
  return clean(path);
}

function clean(path: string): string {
  const parts: string[] = [];
  for (const name of path.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') parts.pop();
    else parts.push(name);
  }
  return `/${parts.join('/')}`;
}

/** The directory holding a clean absolute path (`/` for `/` itself). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

const join = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/**
 * Walks a path through the final tree as the kernel would: symlinks in the middle are always
 * followed, the last one only with `followLast` (stat versus lstat).
 */
export function lookup(result: BuildResult, path: string, followLast: boolean): Lookup {
  const index = indexOf(result);
  const pending = path.split('/').filter((n) => n !== '');
  const via: string[] = [];
  let current = '/';
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (name === '.') continue;
    if (name === '..') {
      current = parentOf(current);
      continue;
    }
    const next = join(current, name);
    const entry = index.get(next);
    if (!entry) return { found: false, missing: next, why: 'does not exist', nearest: current, via };
    const last = pending.length === 0;
    if (entry.type === 'symlink' && (!last || followLast)) {
      if (via.length >= MAX_HOPS) return { found: false, missing: next, why: LOOP, nearest: current, via };
      via.push(`${next} -> ${entry.linkTarget ?? ''}`);
      const target = entry.linkTarget ?? '';
      if (target.startsWith('/')) current = '/';
      pending.unshift(...target.split('/').filter((n) => n !== ''));
      continue;
    }
    if (!last && entry.type !== 'dir') {
      return { found: false, missing: next, why: `is not a directory (${formatTreeLine(entry)})`, nearest: parentOf(next), via };
    }
    current = next;
  }
  return { found: true, path: current, entry: current === '/' ? undefined : index.get(current), via };
}

/** A regular file's own entry: a hard link's content and metadata are those of the file it names. */
export function fileEntry(result: BuildResult, entry: TreeEntry): TreeEntry {
  if (entry.type !== 'hardlink' || entry.linkTarget === undefined) return entry;
  return indexOf(result).get(entry.linkTarget) ?? entry;
}

/**
 * The received side for a path that is not there: what stopped the walk, then the closest
 * directory's entries, the names most like the missing one first.
 */
export function describeMissing(result: BuildResult, miss: Extract<Lookup, { found: false }>): { received: string; details: string[] } {
  const received = `${miss.missing} ${miss.why}`;
  const details = viaLines(miss.via);
  if (miss.why === LOOP) return { received, details };
  const wanted = miss.missing.slice(miss.missing.lastIndexOf('/') + 1);
  const children = result.tree.filter((e) => parentOf(e.path) === miss.nearest && e.path !== miss.missing);
  const dirName = miss.nearest === '/' ? '/' : `${miss.nearest}/`;
  if (children.length === 0) {
    details.push(`${dirName} is empty`);
    return { received, details };
  }
  const ranked = children
    .map((e) => ({ e, d: distance(wanted, e.path.slice(e.path.lastIndexOf('/') + 1)) }))
    .sort((a, b) => a.d - b.d || (a.e.path < b.e.path ? -1 : 1))
    .slice(0, NEAREST_LINES)
    .map(({ e }) => e)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  details.push(`${dirName} holds:`, ...ranked.map((e) => `  ${formatTreeLine(e)}`));
  if (children.length > ranked.length) details.push(`  … and ${children.length - ranked.length} more`);
  return { received, details };
}

/** Levenshtein distance, to list the likeliest typo first. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** The symlinks a walk followed, the first few of them (a loop would list forty). */
export function viaLines(via: readonly string[]): string[] {
  const lines = via.slice(0, VIA_LINES).map((hop) => `via ${hop}`);
  if (via.length > VIA_LINES) lines.push(`… and ${via.length - VIA_LINES} more symlinks`);
  return lines;
}
