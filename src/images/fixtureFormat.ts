import type { ImageConfig } from '../model/image.js';

/**
 * An image fixture: a base image as one JSON document (optionally gzipped) small enough to
 * commit. Every path keeps its type, mode, owner, size, content hash and link target; only the
 * contents of a few small files builds read are kept (the rest are known by size and sha256).
 *
 * `entries` rows, one per path in walk order (parents first), by `type`:
 * - `["/etc", "d", "0755", 0, 0]`
 * - `["/etc/passwd", "f", "0644", 0, 0, 922, "<sha256>"]`
 * - `["/bin/sh", "l", "0777", 0, 0, "busybox"]` (symlink and its target)
 * - `["/usr/bin/perl5.36", "h", "0755", 0, 0, "/usr/bin/perl"]` (hard link to an earlier path)
 */
export interface ImageFixture {
  /** Format version; also how the file is told apart from an archive. */
  readonly dockerfileSimImageFixture: 1;
  readonly ref: string;
  /** The config JSON's `config` field, as stored. */
  readonly config: ImageConfig;
  readonly history: readonly FixtureHistory[];
  readonly layerCount: number;
  /** The root directory's mode and owner: `["/", "d", "0755", 0, 0]`. */
  readonly root: FixtureEntry;
  readonly entries: readonly FixtureEntry[];
  /** Kept contents by path: UTF-8 text as a string, other bytes as `{ base64 }`. */
  readonly contents: Readonly<Record<string, string | { readonly base64: string }>>;
}

/** One `docker history` line, with the config JSON's field names. */
export interface FixtureHistory {
  readonly created_by: string;
  readonly empty_layer?: true;
  readonly comment?: string;
}

/** One path: `[path, type, mode (octal), uid, gid, …]`, then size and sha256 for a file, the target for a link. */
export type FixtureEntry =
  | readonly [path: string, type: 'd', mode: string, uid: number, gid: number]
  | readonly [path: string, type: 'f', mode: string, uid: number, gid: number, size: number, sha256: string]
  | readonly [path: string, type: 'l' | 'h', mode: string, uid: number, gid: number, target: string];

/** Found near the start of every fixture (its first key): what tells one from an archive. */
export const FIXTURE_MARKER = '"dockerfileSimImageFixture"';

/** Files whose contents builds read (`--chown` names, `RUN` probing the distribution): kept by default. */
export const DEFAULT_KEPT_PATHS: readonly string[] = ['/etc/passwd', '/etc/group', '/etc/os-release', '/etc/debian_version', '/etc/alpine-release'];
