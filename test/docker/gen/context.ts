/**
 * fast-check arbitrary of build contexts: nested dirs, dotfiles, names with spaces, symlinks
 * (relative, absolute, dangling, to dirs, climbing out of the context), modes, empty dirs and a
 * `.dockerignore` with `**`, `!` and `dir/` patterns.
 */
import { posix } from 'node:path';
import fc from 'fast-check';
import { maybe, weighted } from './arb.js';

/** A generated context, flattened: paths are relative, `/`-separated, without a trailing slash. */
export interface GenContext {
  /** Regular files: content and octal mode (`0644`, `4755`...). */
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: string; readonly mode: string }>;
  /** Every directory (parents included) with its octal mode. */
  readonly dirs: ReadonlyArray<{ readonly path: string; readonly mode: string }>;
  readonly symlinks: ReadonlyArray<{ readonly path: string; readonly target: string }>;
  /** `.dockerignore` lines, or undefined for no file. Its last line is always `.dockerignore`. */
  readonly dockerignore: readonly string[] | undefined;
}

type LinkStyle = 'relative' | 'absolute' | 'dangling' | 'escape';
type Node =
  | { readonly kind: 'file'; readonly mode: string; readonly content: string | null }
  | { readonly kind: 'link'; readonly style: LinkStyle; readonly pick: number }
  | { readonly kind: 'dir'; readonly mode: string; readonly children: Readonly<Record<string, Node>> };

const FILE_NAMES = ['a.txt', 'b.txt', 'c.md', '.hidden', 'with space.txt', 'run.sh', 'x'];
const DIR_NAMES = ['sub', 'lib', 'my dir', '.config', 'src', 'empty'];
const LINK_NAMES = ['link', 'l.txt', 'ldir', '.lnk'];


const fileMode = weighted(['0644', 8], ['0755', 3], ['0600', 1], ['0700', 1], ['4755', 1]);
const dirMode = weighted(['0755', 6], ['0700', 1]);
// null: the content names the file's own path, so copies of different files stay distinguishable.
const content = weighted<string | null>([null, 6], ['', 1], ['same\n', 2], ['#!/bin/sh\necho hi\n', 1]);

const fileNode: fc.Arbitrary<Node> = fc.record({ kind: fc.constant('file' as const), mode: fileMode, content });
const linkNode: fc.Arbitrary<Node> = fc.record({
  kind: fc.constant('link' as const),
  style: weighted<LinkStyle>(['relative', 4], ['absolute', 2], ['dangling', 1], ['escape', 1]),
  pick: fc.nat(),
});

function entries(depth: number, maxKeys: number): fc.Arbitrary<Record<string, Node>> {
  const named = (names: string[], node: fc.Arbitrary<Node>): fc.Arbitrary<[string, Node]> => fc.tuple(fc.constantFrom(...names), node);
  const kinds: Array<fc.Arbitrary<[string, Node]>> = [named(FILE_NAMES, fileNode), named(LINK_NAMES, linkNode)];
  if (depth > 0) kinds.push(named(DIR_NAMES, dirNode(depth - 1)));
  return fc
    .uniqueArray(fc.oneof(...kinds), { maxLength: maxKeys, selector: ([name]) => name })
    .map((pairs) => Object.fromEntries(pairs));
}

function dirNode(depth: number): fc.Arbitrary<Node> {
  return fc.record({ kind: fc.constant('dir' as const), mode: dirMode, children: entries(depth, 3) });
}

/** A `.dockerignore` line made of a context path or a pattern from the pool, maybe negated. */
interface IgnoreItem {
  readonly negate: boolean;
  readonly form: 'path' | 'dir-slash' | 'rooted' | 'pattern';
  readonly pick: number;
}
const IGNORE_PATTERNS = ['*.md', '**/*.txt', '**/.hidden', 'sub/**', '.*', '*', 'my dir/*', '**/b.txt', 'sub', '?.txt'];
const ignoreItem: fc.Arbitrary<IgnoreItem> = fc.record({
  negate: fc.boolean(),
  form: weighted<IgnoreItem['form']>(['path', 3], ['dir-slash', 1], ['rooted', 1], ['pattern', 3]),
  pick: fc.nat(),
});

export const contextArb: fc.Arbitrary<GenContext> = fc
  .record({
    root: entries(2, 6),
    ignore: maybe(fc.array(ignoreItem, { maxLength: 4 }), 50),
  })
  .map(({ root, ignore }) => flatten(root, ignore));

function flatten(root: Record<string, Node>, ignore: readonly IgnoreItem[] | null): GenContext {
  const files: Array<{ path: string; content: string; mode: string }> = [];
  const dirs: Array<{ path: string; mode: string }> = [];
  const links: Array<{ path: string; style: LinkStyle; pick: number }> = [];
  const walk = (children: Record<string, Node>, prefix: string): void => {
    for (const [name, node] of Object.entries(children).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (node.kind === 'file') files.push({ path, content: node.content ?? `${path}\n`, mode: node.mode });
      else if (node.kind === 'link') links.push({ path, style: node.style, pick: node.pick });
      else {
        dirs.push({ path, mode: node.mode });
        walk(node.children, path);
      }
    }
  };
  walk(root, '');
  const targets = [...files.map((f) => f.path), ...dirs.map((d) => d.path)];
  const symlinks = links.map(({ path, style, pick }) => ({ path, target: linkTarget(path, style, pick, targets) }));
  const all = [...targets, ...symlinks.map((l) => l.path)];
  const dirPaths = new Set(dirs.map((d) => d.path));
  let dockerignore: string[] | undefined;
  if (ignore !== null) {
    dockerignore = ignore.map((item) => ignoreLine(item, all, dirPaths));
    // Last, so no earlier `!` pattern can re-include it (see scenarios/README.md).
    dockerignore.push('.dockerignore');
    files.push({ path: '.dockerignore', content: `${dockerignore.join('\n')}\n`, mode: '0644' });
  }
  return { files, dirs, symlinks, dockerignore };
}

function linkTarget(path: string, style: LinkStyle, pick: number, targets: readonly string[]): string {
  const dir = posix.dirname(path);
  const depth = dir === '.' ? 0 : dir.split('/').length;
  if (style === 'dangling' || targets.length === 0) return pick % 2 === 0 ? 'missing.txt' : '/nowhere/file';
  const target = targets[pick % targets.length]!;
  if (style === 'absolute') return `/${target}`;
  // Climbs above the context root: Docker resolves it inside the context (scoped to its root).
  if (style === 'escape') return `${'../'.repeat(depth + 1)}${target}`;
  return posix.relative(dir === '.' ? '' : dir, target) || '.';
}

function ignoreLine(item: IgnoreItem, paths: readonly string[], dirs: ReadonlySet<string>): string {
  const bang = item.negate ? '!' : '';
  if (item.form === 'pattern' || paths.length === 0) return bang + IGNORE_PATTERNS[item.pick % IGNORE_PATTERNS.length]!;
  const path = paths[item.pick % paths.length]!;
  if (item.form === 'rooted') return `${bang}/${path}`;
  if (item.form === 'dir-slash' && dirs.has(path)) return `${bang}${path}/`;
  return bang + path;
}

/** Every path of the context (files, dirs, links), for picking COPY sources. */
export function contextPaths(ctx: GenContext): string[] {
  return [...ctx.files.map((f) => f.path), ...ctx.dirs.map((d) => d.path), ...ctx.symlinks.map((l) => l.path)].filter(
    (p) => p !== '.dockerignore',
  );
}
