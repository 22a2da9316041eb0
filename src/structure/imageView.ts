import { constants, type Stats } from 'node:fs';
import { imageFs } from '../api/finalImage.js';
import type { ImageConfig } from '../model/image.js';
import type { BuildResult } from '../model/result.js';
import type { ImageFs } from '../report/memfsView.js';

/** The image config as CST's drivers hand it to the tests (pkg/types/unversioned.Config). */
export interface CstConfig {
  readonly env: ReadonlyMap<string, string>;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly volumes: readonly string[];
  readonly workdir: string;
  /** Port numbers without their protocol: the Docker driver keeps only `Port()`. */
  readonly exposedPorts: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly user: string;
}

/** A path's mode string (Go's FileMode), permission bits and owner, or why it cannot be stat-ed. */
export type StatOutcome = { readonly ok: true; readonly mode: string; readonly perm: number; readonly uid: number; readonly gid: number } | { readonly ok: false; readonly error: string };
/** A file's bytes, or why they cannot be read (`unknown`: the emulation knows only its hash). */
export type ReadOutcome = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string; readonly unknown?: boolean };

/** What the tests see of a built image: CST's driver calls, answered from the emulated image. */
export class ImageView {
  readonly config: CstConfig;
  private readonly fs: ImageFs;

  constructor(result: BuildResult) {
    if (result.status !== 'success' || !result.config) throw new TypeError('runStructureTests(): the build failed, so there is no image to test');
    this.fs = imageFs(result);
    this.config = cstConfig(result.config);
  }

  /**
   * Docker's archive API, which the Docker driver stats through: symlinks in parent components
   * are followed, the last one only with a trailing slash.
   */
  stat(path: string): StatOutcome {
    try {
      const st = path.endsWith('/') && path !== '/' ? this.fs.statSync(path) : this.fs.lstatSync(path);
      return { ok: true, mode: goFileMode(st), perm: Number(st.mode) & 0o777, uid: Number(st.uid), gid: Number(st.gid) };
    } catch {
      return { ok: false, error: `File ${path} not found in image` };
    }
  }

  /** The file's bytes, through symlinks; a directory, a missing path or unknown content is an error. */
  read(path: string): ReadOutcome {
    try {
      return { ok: true, bytes: this.fs.readFileSync(path) as Buffer };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') return { ok: false, error: `Cannot read specified path: ${path} is a directory, not a file` };
      if (code === 'EIO') return { ok: false, error: `the content of ${path} is not known to the emulation`, unknown: true };
      return { ok: false, error: `File ${path} not found in image` };
    }
  }

  /** The directories directly below `path` (the Docker driver lists only directory entries). */
  subdirectories(path: string): { ok: true; names: string[] } | { ok: false; error: string } {
    try {
      const entries = this.fs.readdirSync(path, { withFileTypes: true }) as { name: string; isDirectory(): boolean }[];
      return { ok: true, names: entries.filter((e) => e.isDirectory()).map((e) => String(e.name)).sort() };
    } catch {
      return { ok: false, error: `Error retrieving file from container: File ${path} not found in image` };
    }
  }
}

function cstConfig(config: ImageConfig): CstConfig {
  const env = new Map<string, string>();
  for (const pair of config.Env ?? []) {
    const eq = pair.indexOf('=');
    env.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1));
  }
  return {
    env,
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    volumes: Object.keys(config.Volumes ?? {}),
    workdir: config.WorkingDir ?? '',
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).map((p) => p.split('/')[0]!),
    labels: new Map(Object.entries(config.Labels ?? {})),
    user: config.User ?? '',
  };
}

/** Go's `os.FileMode.String()` of what a tar header's `FileInfo().Mode()` gives. */
export function goFileMode(st: Pick<Stats, 'mode'>): string {
  const mode = Number(st.mode);
  const type = mode & constants.S_IFMT;
  let prefix = '';
  if (type === constants.S_IFDIR) prefix += 'd';
  if (type === constants.S_IFLNK) prefix += 'L';
  if (type === constants.S_IFBLK || type === constants.S_IFCHR) prefix += 'D';
  if (type === constants.S_IFIFO) prefix += 'p';
  if (type === constants.S_IFSOCK) prefix += 'S';
  if (mode & 0o4000) prefix += 'u';
  if (mode & 0o2000) prefix += 'g';
  if (type === constants.S_IFCHR) prefix += 'c';
  if (mode & 0o1000) prefix += 't';
  let perm = '';
  for (let bit = 8; bit >= 0; bit--) perm += mode & (1 << bit) ? 'rwx'[(8 - bit) % 3] : '-';
  return (prefix || '-') + perm;
}
