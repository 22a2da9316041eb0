import { writeFile } from 'node:fs/promises';
import { cleanAbsolute } from '../fs/paths.js';
import type { FileNode, FsTree, Node } from '../fs/tree.js';
import { zlib } from '../util/zlib.js';
import type { LoadedImage } from './image.js';
import { loadImageArchive } from './loadImageArchive.js';
import { DEFAULT_KEPT_PATHS, type FixtureEntry, type FixtureHistory, type ImageFixture } from './fixtureFormat.js';

/** Options of {@link saveImageFixture}. */
export interface SaveImageFixtureOptions {
  /** A `docker save` archive, an OCI layout, a fixture, or an image already loaded. */
  readonly source: string | LoadedImage;
  /** The fixture file to write; gzipped when it ends in `.gz` (or `gzip` says so). */
  readonly dest: string;
  /** Which image of a multi-image archive, and the ref the fixture records. */
  readonly ref?: string;
  /** Paths (files, or directories for every file below) whose contents to keep besides the defaults. */
  readonly keep?: readonly string[];
  readonly gzip?: boolean;
}

/** What {@link saveImageFixture} wrote. */
export interface ImageFixtureSummary {
  readonly dest: string;
  readonly ref: string;
  /** Paths in the fixture, the root excluded. */
  readonly entries: number;
  readonly files: number;
  /** Real paths whose contents were kept. */
  readonly kept: readonly string[];
  /** `keep` paths the image does not have. */
  readonly missing: readonly string[];
  /** Bytes written. */
  readonly bytes: number;
}

/**
 * Turns an image archive into a fixture file users can commit and pass wherever an archive goes
 * (`--image REF=FIXTURE`, `images: { ref: path }`). A build that copies a file whose content was
 * not kept gets the file with its metadata and hash; reading its bytes fails.
 */
export async function saveImageFixture(options: SaveImageFixtureOptions): Promise<ImageFixtureSummary> {
  if (typeof options !== 'object' || options === null) throw new TypeError('saveImageFixture(): options must be an object');
  if (typeof options.dest !== 'string' || options.dest === '') throw new TypeError('saveImageFixture(): option "dest" must be a file path');
  const image = typeof options.source === 'string' ? await loadImageArchive(options.source, options.ref) : options.source;
  const { fixture, kept, missing } = imageFixture(image, options.keep ?? []);
  const text = fixtureJson(options.ref !== undefined ? { ...fixture, ref: options.ref } : fixture);
  const gzip = options.gzip ?? options.dest.endsWith('.gz');
  const bytes = gzip ? zlib().gzipSync(text, { level: 9 }) : Buffer.from(text);
  await writeFile(options.dest, bytes);
  const files = fixture.entries.filter((e) => e[1] === 'f').length;
  return { dest: options.dest, ref: options.ref ?? fixture.ref, entries: fixture.entries.length, files, kept, missing, bytes: bytes.length };
}

/** The fixture of a loaded image, keeping the default paths' contents and `keep`'s. */
export function imageFixture(image: LoadedImage, keep: readonly string[]): { fixture: ImageFixture; kept: string[]; missing: string[] } {
  const { paths: keptPaths, missing } = keptFiles(image.tree, keep);
  const entries: FixtureEntry[] = [];
  const contents: Record<string, string | { base64: string }> = {};
  const firstOfGroup = new Map<object, string>();
  const kept: string[] = [];
  for (const [path, node] of image.tree.walk()) {
    const head = [path, modeText(node.mode), node.uid, node.gid] as const;
    if (node.type === 'dir') entries.push([head[0], 'd', head[1], head[2], head[3]]);
    else if (node.type === 'symlink') entries.push([head[0], 'l', '0777', head[2], head[3], node.target]);
    else {
      const first = node.linkGroup && firstOfGroup.get(node.linkGroup);
      if (first !== undefined) {
        entries.push([head[0], 'h', head[1], head[2], head[3], first]);
        continue;
      }
      if (node.linkGroup) firstOfGroup.set(node.linkGroup, path);
      entries.push([head[0], 'f', head[1], head[2], head[3], node.content.size, node.content.sha256()]);
      const bytes = keptPaths.has(path) ? knownBytes(node) : undefined;
      if (bytes) {
        contents[path] = encodeContent(bytes);
        kept.push(path);
      }
    }
  }
  const root = image.tree.rootNode();
  const fixture: ImageFixture = {
    dockerfileSimImageFixture: 1,
    ref: image.ref,
    config: image.config,
    history: image.history.map(
      (h): FixtureHistory => ({ created_by: h.createdBy, ...(h.emptyLayer ? { empty_layer: true as const } : {}), ...(h.comment ? { comment: h.comment } : {}) }),
    ),
    layerCount: image.layerCount,
    root: ['/', 'd', modeText(root.mode), root.uid, root.gid],
    entries,
    contents,
  };
  return { fixture, kept, missing };
}

/** The real paths of the files to keep: each path through its symlinks, a directory for all below. */
function keptFiles(tree: FsTree, keep: readonly string[]): { paths: Set<string>; missing: string[] } {
  const paths = new Set<string>();
  const missing: string[] = [];
  const add = (wanted: string, required: boolean): void => {
    const { path, node } = tree.lookup(cleanAbsolute(wanted));
    if (node?.type === 'file') {
      paths.add(path);
    } else if (node?.type === 'dir') {
      for (const [below, child] of tree.walk(path)) if (child.type === 'file') paths.add(below);
    } else if (required) {
      missing.push(wanted);
    }
  };
  for (const path of DEFAULT_KEPT_PATHS) add(path, false);
  for (const path of keep) add(path, true);
  return { paths, missing };
}

function knownBytes(node: FileNode): Buffer | undefined {
  if (node.unknown) return undefined;
  try {
    return node.content.bytes();
  } catch {
    return undefined; // the source is itself a fixture that kept only the hash
  }
}

/** Text stays readable in the fixture; bytes that are not UTF-8 text (or hold control characters) go as base64. */
function encodeContent(bytes: Buffer): string | { base64: string } {
  const text = bytes.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
  return isText ? text : { base64: bytes.toString('base64') };
}

function modeText(mode: Node['mode']): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** One entry per line, so that a committed fixture diffs path by path. */
function fixtureJson(f: ImageFixture): string {
  const lines = [
    `{"dockerfileSimImageFixture": ${f.dockerfileSimImageFixture},`,
    ` "ref": ${JSON.stringify(f.ref)},`,
    ` "config": ${JSON.stringify(f.config)},`,
    ` "history": ${JSON.stringify(f.history)},`,
    ` "layerCount": ${f.layerCount},`,
    ` "root": ${JSON.stringify(f.root)},`,
    ` "entries": [`,
    f.entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n'),
    ` ],`,
    ` "contents": {`,
    Object.entries(f.contents)
      .map(([path, content]) => `  ${JSON.stringify(path)}: ${JSON.stringify(content)}`)
      .join(',\n'),
    ` }}`,
  ];
  return lines.filter((line) => line !== '').join('\n') + '\n';
}
