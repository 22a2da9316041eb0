/**
 * BuildKit does not send the whole build context: its Dockerfile frontend asks the client only for
 * the paths that the needed stages' COPY/ADD sources and bind mounts name (fsutil FollowPaths,
 * with the symlinks along each path followed), unless one of them is the context root. A step
 * that reads the context can therefore miss a file the context holds. The one place this shows is
 * a wildcard source's cache key, which follows every symlink inside what it matches: a link there
 * to a path no instruction names fails the build although the file exists.
 */
import { posix } from 'node:path';
import { IgnoreMatcher, ignoreRule, type IgnoreRule } from '../context/dockerignore.js';
import { cleanAbsolute } from '../fs/paths.js';
import type { DirNode, FsTree } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import type { Instruction } from '../model/instruction.js';
import { hasWildcards, matchSegment } from './copy/glob.js';
import { buildkitNotFound } from './copy/messages.js';

/** A context path a cache key will read, known only once every needed instruction has named its paths. */
interface PendingRead {
  /** The paths checksumFollow visits, the link's own first (absolute, clean). */
  readonly hops: readonly string[];
  readonly stage: number;
  readonly instruction: Instruction;
}

export interface TransferFailure {
  readonly stage: number;
  readonly instruction: Instruction;
  readonly error: DockerfileError;
}

export class ContextTransfer {
  private readonly named = new Set<string>();
  private readonly pending: PendingRead[] = [];

  constructor(private readonly context: FsTree) {}

  /** A context path an instruction of a needed stage names (a COPY source, a bind mount's source). */
  name(path: string): void {
    this.named.add(cleanAbsolute(path));
  }

  /** A cache key reads these context paths in turn; checked by `firstFailure` once all paths are named. */
  willRead(hops: readonly string[], stage: number, instruction: Instruction): void {
    this.pending.push({ hops, stage, instruction });
  }

  /** The first pending read that reaches a path the client does not send. */
  firstFailure(): TransferFailure | undefined {
    if (this.pending.length === 0) return undefined;
    const sent = this.sentMatcher();
    if (!sent) return undefined;
    for (const read of this.pending) {
      const missing = read.hops.find((hop) => !this.isSent(hop, sent));
      if (missing !== undefined) return { stage: read.stage, instruction: read.instruction, error: buildkitNotFound(missing) };
    }
    return undefined;
  }

  /**
   * fsutil's include patterns: the named paths with the symlinks along them resolved; undefined
   * when one of them is the root, which sends everything.
   */
  private sentMatcher(): IgnoreMatcher | undefined {
    if (this.named.has('/')) return undefined;
    const resolved = new Set<string>();
    for (const path of [...this.named].sort()) this.resolveLinks(relative(path), resolved);
    if (resolved.has('.')) return undefined;
    const rules: IgnoreRule[] = [];
    for (const pattern of dedupePaths([...resolved].sort())) {
      try {
        const rule = ignoreRule(pattern);
        if (rule) rules.push(rule);
      } catch {
        // A pattern patternmatcher refuses fails the transfer itself, which is not modelled.
      }
    }
    return new IgnoreMatcher(rules);
  }

  /**
   * Whether the client sends `path` (parents resolved): it or a parent matches an include
   * pattern, or it is a directory on the way to one that does (sent as a bare header).
   */
  private isSent(path: string, sent: IgnoreMatcher): boolean {
    let real: string;
    try {
      real = this.context.resolve(path, false);
    } catch {
      return false;
    }
    const node = this.context.get(real);
    if (!node) return false;
    const rel = real.slice(1);
    if (rel === '' || sent.matchOrParent(rel).excluded) return true;
    if (node.type !== 'dir') return false;
    const stack: [string, DirNode][] = [[rel, node]];
    while (stack.length > 0) {
      const [dir, dirNode] = stack.pop()!;
      for (const [name, child] of dirNode.children) {
        const childPath = `${dir}/${name}`;
        if (sent.matchOrParent(childPath).excluded) return true;
        if (child.type === 'dir') stack.push([childPath, child]);
      }
    }
    return false;
  }

  /** fsutil's symlinkResolver.append: walk `path` one name at a time, branching at each symlink. */
  private resolveLinks(path: string, resolved: Set<string>): void {
    const names = path === '.' ? ['.'] : path.split('/');
    for (let i = 0; i < names.length; i++) {
      const current = names.slice(0, i + 1).join('/');
      const rest = names.slice(i + 1).join('/');
      const targets = this.linkTargets(current);
      if ((rest === '' || targets !== undefined) && resolved.has(current)) return;
      if (targets !== undefined) {
        resolved.add(current);
        for (const target of targets) this.resolveLinks(relative(posix.join(target, rest)), resolved);
        return;
      }
      if (rest === '') {
        resolved.add(current);
        return;
      }
    }
  }

  /**
   * fsutil's readSymlink: the targets (absolute) of the symlink at `path`, or of the symlinks a
   * wildcard last name matches; undefined when there is none.
   */
  private linkTargets(path: string): string[] | undefined {
    const base = posix.basename(path);
    const dir = posix.dirname(path);
    if (hasWildcards(base)) {
      const parent = this.context.get(cleanAbsolute(dir));
      if (parent?.type !== 'dir') return undefined;
      const out: string[] = [];
      for (const name of [...parent.children.keys()].sort()) {
        if (matchSegment(base, name)) out.push(...(this.linkTargets(posix.join(dir, name)) ?? []));
      }
      return out.length > 0 ? out : undefined;
    }
    if (path === '.') return undefined;
    const node = this.context.get(cleanAbsolute(path));
    if (node?.type !== 'symlink') return undefined;
    const link = posix.normalize(node.target);
    return [posix.isAbsolute(link) ? link : posix.join('/', dir, link)];
  }
}

/** Go's filepath.Join(".", path) for an absolute or relative path: clean, relative, `.` for the root. */
function relative(path: string): string {
  return cleanAbsolute(path).slice(1) || '.';
}

/** fsutil's dedupePaths over sorted paths: drop any path below one already kept. */
function dedupePaths(sorted: readonly string[]): string[] {
  const kept: string[] = [];
  for (const p of sorted) {
    if (!kept.some((k) => k === p || p.startsWith(`${k}/`))) kept.push(p);
  }
  return kept;
}
