import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { contentFromBuffer, contentFromHash } from '../fs/content.js';
import { baseName, cleanAbsolute, parentOf } from '../fs/paths.js';
import { FsTree, type FileNode } from '../fs/tree.js';
import { DockerfileError } from '../model/errors.js';
import { readFileRange } from '../util/readFileRange.js';
import { zlib } from '../util/zlib.js';
import { FIXTURE_MARKER, type ImageFixture } from './fixtureFormat.js';
import type { LoadedImage } from './image.js';

const HEAD_BYTES = 4096;

/**
 * The fixture at `path`, or undefined when the file is something else (an archive, a directory).
 * A fixture is JSON whose first key is `dockerfileSimImageFixture`, plain or gzipped.
 */
export async function readImageFixture(path: string): Promise<ImageFixture | undefined> {
  if (!(await stat(path).then((s) => s.isFile(), () => false))) return undefined;
  const head = await readFileRange(path, 0, HEAD_BYTES);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  // Only the start of a gzip file is inflated to tell a fixture from a compressed archive.
  const start = gzip ? inflateStart(head) : head;
  if (!start.toString('utf8').trimStart().startsWith('{') || !start.includes(FIXTURE_MARKER)) return undefined;
  const whole = await readFile(path);
  let text: string;
  try {
    text = (gzip ? zlib().gunzipSync(whole) : whole).toString('utf8');
  } catch (err) {
    return fail(path, `cannot be decompressed: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as ImageFixture;
  } catch (err) {
    return fail(path, `is not valid JSON: ${(err as Error).message}`);
  }
}

function inflateStart(head: Buffer): Buffer {
  try {
    return zlib().gunzipSync(head, { finishFlush: zlib().constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

function fail(path: string, why: string): never {
  throw new DockerfileError('missing-image', `image fixture ${path} ${why}`);
}

/** A fixture as a base image: kept contents as bytes, the other files known by size and hash. */
export function imageFromFixture(fixture: ImageFixture, path: string, ref?: string): LoadedImage {
  if (fixture.dockerfileSimImageFixture !== 1) fail(path, `has format version ${String(fixture.dockerfileSimImageFixture)}; this dockerfile-sim reads version 1`);
  if (!Array.isArray(fixture.entries)) fail(path, 'has no "entries" list');
  const tree = FsTree.empty();
  const root: readonly unknown[] = fixture.root ?? ['/', 'd', '0755', 0, 0];
  tree.setDirMeta('/', meta(root, path));
  const contents = fixture.contents ?? {};
  const used = new Set<string>();
  for (const [i, row] of (fixture.entries as readonly unknown[]).entries()) {
    const where = `entry ${i + 1} (${JSON.stringify(Array.isArray(row) ? row[0] : row)})`;
    if (!Array.isArray(row) || typeof row[0] !== 'string') fail(path, `${where} is not a [path, type, mode, uid, gid, …] row`);
    const entry = row as readonly unknown[];
    const name = row[0] as string;
    const real = cleanAbsolute(name);
    const parent = tree.get(parentOf(real));
    if (parent?.type !== 'dir') fail(path, `${where}: its parent directory is not listed before it`);
    if (baseName(real) === '') fail(path, `${where}: the root is given by "root", not as an entry`);
    const m = meta(entry, path);
    switch (entry[1]) {
      case 'd':
        tree.set(real, { type: 'dir', ...m, children: new Map(), owner: undefined });
        break;
      case 'l':
        tree.set(real, { type: 'symlink', ...m, target: String(entry[5]) });
        break;
      case 'h': {
        const target = tree.get(cleanAbsolute(String(entry[5])));
        if (target?.type !== 'file') fail(path, `${where}: hard link to ${String(entry[5])}, which is not a file listed before it`);
        const linked: FileNode = target.linkGroup ? target : { ...target, linkGroup: {} };
        tree.set(cleanAbsolute(String(entry[5])), linked);
        tree.set(real, linked);
        break;
      }
      case 'f': {
        const [, , , , , size, sha256] = entry;
        if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
          return fail(path, `${where}: a file needs a size and a hex sha256`);
        }
        const kept = contents[name];
        used.add(name);
        tree.set(real, { type: 'file', ...m, content: kept === undefined ? contentFromHash(size, sha256) : keptContent(kept, size, sha256, path, where) });
        break;
      }
      default:
        fail(path, `${where}: unknown type ${JSON.stringify(entry[1])} (d, f, l or h)`);
    }
  }
  for (const p of Object.keys(contents)) if (!used.has(p)) fail(path, `keeps the content of ${p}, which is not a file entry`);
  return {
    ref: ref ?? fixture.ref,
    config: structuredClone(fixture.config ?? {}),
    tree,
    history: (fixture.history ?? []).map((h) => ({ createdBy: h.created_by ?? '', emptyLayer: h.empty_layer === true, ...(h.comment ? { comment: h.comment } : {}) })),
    layerCount: fixture.layerCount ?? 0,
  };
}

function meta(entry: readonly unknown[], path: string): { mode: number; uid: number; gid: number } {
  const mode = typeof entry[2] === 'string' && /^[0-7]{1,4}$/.test(entry[2]) ? parseInt(entry[2], 8) : NaN;
  const [uid, gid] = [entry[3], entry[4]];
  if (Number.isNaN(mode) || typeof uid !== 'number' || typeof gid !== 'number' || !Number.isSafeInteger(uid) || !Number.isSafeInteger(gid)) {
    return fail(path, `entry ${JSON.stringify(entry[0])}: mode must be an octal string and uid, gid numbers`);
  }
  return { mode, uid, gid };
}

/** Kept bytes must be the bytes the entry's size and hash describe (a hand edit must update both). */
function keptContent(kept: string | { readonly base64: string }, size: number, sha256: string, path: string, where: string) {
  const bytes = typeof kept === 'string' ? Buffer.from(kept, 'utf8') : Buffer.from(kept.base64, 'base64');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== size || actual !== sha256) {
    fail(path, `${where}: the kept content (${bytes.length} bytes, sha256 ${actual.slice(0, 12)}…) is not the file the entry describes (${size} bytes, ${sha256.slice(0, 12)}…)`);
  }
  return contentFromBuffer(bytes);
}
