import { createHash, type Hash } from 'node:crypto';
import { feedHash, type Content } from '../../fs/content.js';
import { TooManyLinksError, type Node } from '../../fs/tree.js';
import { recordHistory } from '../history.js';
import type { StageState } from '../stageState.js';
import type { CopyCommand } from './messages.js';
import type { SourceMatch, SourceRoot } from './sources.js';

export interface CopySummary {
  readonly command: CopyCommand;
  /** Expanded flag values as written (an ignored `--chmod` too). */
  readonly chown: string;
  readonly chmod: string;
  readonly sources: readonly string[];
  readonly heredocs: readonly string[];
  /** The destination as expanded, before WORKDIR is applied. */
  readonly dest: string;
}

/** BuildKit's history line: the instruction with expanded words, `--from` and `--link` left out. */
export function recordBuildkitCopy(state: StageState, copy: CopySummary): void {
  const flags = `${copy.chown ? ` --chown=${copy.chown}` : ''}${copy.chmod ? ` --chmod=${copy.chmod}` : ''}`;
  const sources = [...copy.sources, ...copy.heredocs.map((h) => `<<${h}`)].map((s) => ` ${s}`).join('');
  recordHistory(state, `${copy.command}${flags}${sources} ${copy.dest}`, { emptyLayer: false, kind: 'files' });
}

/**
 * The classic builder's history line names the sources by content hash: `file:` + a tarsum of the
 * file, `dir:` + a hash over a directory's entries, `multi:` over several. Computing it reads
 * every copied file, so it happens only when the line is read.
 */
export function recordClassicCopy(state: StageState, copy: CopySummary, root: SourceRoot, matches: readonly SourceMatch[], emptyLayer: boolean): void {
  let hash: string | undefined;
  const sourceHash = (): string => {
    const infos = matches.map((match) => infoHash(root, match));
    return infos.length === 1 ? infos[0]! : `multi:${sha256(infos.join(','))}`;
  };
  const chown = copy.chown ? `--chown=${copy.chown} ` : '';
  const shell = (state.config.Shell ?? ['/bin/sh', '-c']).join(' ');
  // recordHistory's 'files' form, with the hash filled in lazily.
  state.history.push({
    get createdBy() {
      return `${shell} #(nop) ${copy.command} ${chown}${(hash ??= sourceHash())} in ${copy.dest} `;
    },
    emptyLayer,
  });
}

/**
 * A directory's entries include itself (unless it is the root); each link inside counts as what
 * it points to, and a dangling one as its own path.
 */
function infoHash(root: SourceRoot, { path, node }: SourceMatch): string {
  if (node.type !== 'dir') return `file:${tarsum(path, node)}`;
  const sums: string[] = [];
  for (const [entryPath, entry] of root.tree.walk(path)) {
    if (entry.type !== 'symlink') sums.push(tarsum(entryPath, entry));
    else {
      const target = lookupOrDangling(root, entryPath);
      sums.push(target.node ? tarsum(target.path, target.node) : entryPath.slice(1));
    }
  }
  if (path !== '/') sums.push(tarsum(path, node));
  return `dir:${sha256(sums.sort().join(','))}`;
}

/**
 * A link in a loop counts as dangling: this runs lazily, when the result is read or serialized,
 * where an exception would escape emulate() (JSON.stringify of the result).
 */
function lookupOrDangling(root: SourceRoot, path: string): { path: string; node: Node | undefined } {
  try {
    return root.tree.lookup(path);
  } catch (error) {
    if (error instanceof TooManyLinksError) return { path, node: undefined };
    throw error;
  }
}

/** tarsum v1 of one entry: selected tar header fields, then the content. */
function tarsum(path: string, node: Node): string {
  const name = path.slice(1) + (node.type === 'dir' ? '/' : '');
  const size = node.type === 'file' ? node.content.size : 0;
  const flag = node.type === 'file' ? '0' : node.type === 'dir' ? '5' : '2';
  const link = node.type === 'symlink' ? node.target : '';
  const hash = createHash('sha256').update(
    `name${name}mode${node.mode}uid${node.uid}gid${node.gid}size${size}typeflag${flag}linkname${link}unamegnamedevmajor0devminor0`,
  );
  return (node.type === 'file' && size > 0 ? withContent(hash, node.content) : hash).digest('hex');
}

/** The hash with the content's bytes added, streamed from the host when it can be (no file held in memory). */
function withContent(hash: Hash, content: Content): Hash {
  const attempt = hash.copy(); // a read that fails half-way must not leave part of the bytes in
  try {
    feedHash(attempt, content);
    return attempt;
  } catch {
    // Only the content's hash is known (an image fixture): the line cannot match exactly.
    // A context file that cannot be read any more hashes as empty: this runs lazily, see above.
    try {
      return hash.update(content.sha256());
    } catch {
      return hash.update('');
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
