import type { FsTree } from '../fs/tree.js';
import type { BuildResult } from '../model/result.js';
import { toMemfs, type ImageFs } from '../report/memfsView.js';
import { writeImageTar, writeLocalDir } from '../report/writeTar.js';

/**
 * The final image's files stay out of the plain-data result (they can be large and lazily
 * read); each successful result is linked to its tree here.
 */
const REGISTRY = Symbol.for('dockerfile-sim.finalImages');
// Shared through the global symbol registry, so that a second copy of this module (a duplicated
// install, a test runner's module reset) still finds the files of results the first one made.
const trees: WeakMap<BuildResult, FsTree> = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new WeakMap()) as WeakMap<BuildResult, FsTree>;

export function attachTree(result: BuildResult, tree: FsTree | undefined): BuildResult {
  if (tree) trees.set(result, tree);
  return result;
}

function treeOf(result: BuildResult): FsTree {
  const tree = trees.get(result);
  if (!tree) throw new TypeError('the build failed or this is not a result of emulate(): it has no image');
  return tree;
}

/**
 * The final image as a read-only filesystem with Node's fs API (`readFileSync`, `statSync`,
 * `lstatSync`, `readdirSync`, `readlinkSync`); writes fail with EROFS.
 */
export function imageFs(result: BuildResult): ImageFs {
  return toMemfs(treeOf(result)).fs;
}

/** Where to write the final image, like `docker build -o type=tar,dest=F` or `-o type=local,dest=D`. */
export interface ExportTarget {
  readonly type: 'tar' | 'local';
  /** A file (tar) or directory (local) path; for tar, also a writable stream. */
  readonly dest: string | NodeJS.WritableStream;
}

/** Writes the final image's files as Docker's tar or local exporter does. */
export async function exportImage(result: BuildResult, target: ExportTarget): Promise<void> {
  const tree = treeOf(result);
  if (target.type === 'tar') return writeImageTar(tree, target.dest);
  if (typeof target.dest !== 'string') throw new TypeError('exportImage(): a local export needs a directory path as dest');
  writeLocalDir(tree, target.dest);
}
