import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { contentFromBuffer, contentFromHostFile } from '../fs/content.js';
import { FsTree, type Node } from '../fs/tree.js';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';
import { IgnoreMatcher, ignoreFileFor, parseDockerignore, readIgnorePatterns, type IgnoreDecision, type IgnoreRule } from './dockerignore.js';

/** A path the ignore file kept out of the context, and the rule that did it. */
export interface ExcludedPath {
  readonly path: string;
  readonly rule: IgnoreRule | undefined;
}

/** The files `docker build` sends: the context after the ignore file, rooted at `/`. */
export interface BuildContext {
  readonly tree: FsTree;
  /** The ignore file that applied (`.dockerignore`, `Dockerfile.dockerignore`), if any. */
  readonly ignoreFile: string | undefined;
  readonly excluded: readonly ExcludedPath[];
}

/** In-memory context entries for the API: a string or bytes is a file, `null` an empty directory. */
export type ContextFiles = Readonly<
  Record<string, string | Uint8Array | null | { content?: string | Uint8Array; mode?: number; symlink?: string }>
>;

export interface ContextOptions {
  readonly builder: BuilderMode;
  /** The Dockerfile's path (relative to the context root, or absolute), for `<Dockerfile>.dockerignore`. */
  readonly dockerfile?: string | undefined;
  /** Called after each entry of a context directory is read, with the entries and file bytes so far. */
  readonly onProgress?: ((progress: { files: number; bytes: number }) => void) | undefined;
}

/** The ignore file's rules; a bad pattern fails the build worded as each client words it. */
function readRules(text: string, builder: BuilderMode): IgnoreRule[] {
  try {
    return parseDockerignore(text);
  } catch (e) {
    if (!(e instanceof DockerfileError)) throw e;
    const patterns = readIgnorePatterns(text).map((p) => p.pattern);
    const message =
      builder === 'buildkit'
        ? `rpc error: code = Unknown desc = invalid excludepatterns: [${patterns.join(' ')}]: ${e.message}`
        : `error checking context: ${e.message}`;
    throw new DockerfileError(e.code, message);
  }
}

/**
 * A context directory. One the ignore file excludes but that holds re-included files is sent by
 * BuildKit as it is; the classic client leaves it out and the daemon recreates it 0755.
 */
function contextDir(excluded: boolean, mode: number, options: ContextOptions): Node {
  const keepMode = !excluded || options.builder === 'buildkit';
  return { type: 'dir', mode: keepMode ? mode & 0o7777 : 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined };
}

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;

/**
 * Reads a context directory once: symlinks are kept as symlinks (never followed on the host),
 * contents are read only when a step needs them, and owners become 0:0 as Docker's client sends them.
 */
export async function contextFromDirectory(root: string, options: ContextOptions): Promise<BuildContext> {
  const isFile = async (path: string): Promise<boolean> => {
    try {
      return (await lstat(path)).isFile();
    } catch {
      return false;
    }
  };
  // BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile; classic reads only the context's.
  const beside = options.dockerfile !== undefined ? resolve(root, `${options.dockerfile}.dockerignore`) : undefined;
  const ignorePath =
    options.builder === 'buildkit' && beside !== undefined && (await isFile(beside))
      ? beside
      : (await isFile(join(root, '.dockerignore')))
        ? join(root, '.dockerignore')
        : undefined;
  const ignoreFile = ignorePath === undefined ? undefined : relative(root, ignorePath);
  const rules = ignorePath ? readRules(await readFile(ignorePath, 'utf8'), options.builder) : [];
  const matcher = new IgnoreMatcher(rules);
  const tree = FsTree.empty();
  const excluded: ExcludedPath[] = [];
  const seen = { files: 0, bytes: 0 };

  // Sync fs calls: an awaited lstat per entry is a thread-pool round trip each, several times
  // slower over a large context. The walk still lets the event loop run now and then (timers).
  let lastPause = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - lastPause < 50) return;
    await new Promise((next) => setImmediate(next));
    lastPause = performance.now();
  };

  const walk = async (rel: string, parent: IgnoreDecision | undefined): Promise<boolean> => {
    await pause();
    const names = readdirSync(join(root, rel)).sort();
    let keptAny = false;
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const host = join(root, path);
      const st = lstatSync(host);
      seen.files++;
      if (st.isFile()) seen.bytes += st.size;
      options.onProgress?.(seen);
      const decision = matcher.match(path, parent);
      if (st.isDirectory()) {
        if (decision.excluded && !matcher.mayReincludeBelow(path, options.builder)) {
          excluded.push({ path, rule: decision.rule });
          continue;
        }
        tree.set(`/${path}`, contextDir(decision.excluded, st.mode, options));
        const keptBelow = await walk(path, decision);
        if (decision.excluded && !keptBelow) {
          tree.delete(`/${path}`);
          excluded.push({ path, rule: decision.rule });
          continue;
        }
        keptAny = true;
        continue;
      }
      if (decision.excluded) {
        excluded.push({ path, rule: decision.rule });
        continue;
      }
      keptAny = true;
      if (st.isSymbolicLink()) {
        tree.set(`/${path}`, { type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: readlinkSync(host) });
      } else if ((st.mode & S_IFMT) === S_IFSOCK) {
        // BuildKit's client sends a socket as an empty regular file.
        tree.set(`/${path}`, { type: 'file', mode: st.mode & 0o7777, uid: 0, gid: 0, content: contentFromBuffer('') });
      } else if (st.isFile()) {
        tree.set(`/${path}`, { type: 'file', mode: st.mode & 0o7777, uid: 0, gid: 0, content: contentFromHostFile(host, st.size) });
      }
    }
    return keptAny;
  };
  await walk('', undefined);
  return { tree, ignoreFile, excluded };
}

/** A context given in memory (tests, the API): no ignore file applies unless one is among the files. */
export function contextFromFiles(files: ContextFiles, options: ContextOptions): BuildContext {
  const tree = FsTree.empty();
  const ensureDir = (path: string): void => {
    const parts = path.split('/').filter(Boolean);
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      if (!tree.get(current)) tree.set(current, { type: 'dir', mode: 0o755, uid: 0, gid: 0, children: new Map(), owner: undefined });
    }
  };
  for (const [rawPath, value] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = '/' + rawPath.split('/').filter(Boolean).join('/');
    ensureDir(path.slice(0, path.lastIndexOf('/')));
    if (value === null) ensureDir(path);
    else if (typeof value === 'string' || value instanceof Uint8Array) {
      tree.set(path, { type: 'file', mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(Buffer.from(value)) });
    } else if (value.symlink !== undefined) {
      tree.set(path, { type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: value.symlink });
    } else {
      tree.set(path, {
        type: 'file',
        mode: value.mode ?? 0o644,
        uid: 0,
        gid: 0,
        content: contentFromBuffer(Buffer.from(value.content ?? '')),
      });
    }
  }
  const ignoreName = ignoreFileFor(options.dockerfile ?? 'Dockerfile', options.builder, (n) => tree.get(`/${n}`)?.type === 'file');
  if (!ignoreName) return { tree, ignoreFile: undefined, excluded: [] };
  const ignoreNode = tree.get(`/${ignoreName}`);
  const rules = ignoreNode?.type === 'file' ? readRules(ignoreNode.content.bytes().toString('utf8'), options.builder) : [];
  const matcher = new IgnoreMatcher(rules);
  const excluded: ExcludedPath[] = [];
  const prune = (dir: string, parent: IgnoreDecision | undefined): boolean => {
    const node = tree.get(dir);
    if (node?.type !== 'dir') return false;
    let keptAny = false;
    for (const name of [...node.children.keys()].sort()) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const rel = path.slice(1);
      const child = node.children.get(name)!;
      const decision = matcher.match(rel, parent);
      if (child.type === 'dir' && (!decision.excluded || matcher.mayReincludeBelow(rel, options.builder))) {
        const keptBelow = prune(path, decision);
        if (!decision.excluded || keptBelow) {
          keptAny = true;
          continue;
        }
      } else if (!decision.excluded) {
        keptAny = true;
        continue;
      }
      tree.delete(path);
      excluded.push({ path: rel, rule: decision.rule });
    }
    return keptAny;
  };
  prune('/', undefined);
  return { tree, ignoreFile: ignoreName, excluded };
}
