/**
 * An image's runtime config with Docker's own field names, as stored in the image's config JSON
 * (`docker save`), where BuildKit omits empty fields and the classic builder keeps some as "".
 */
export interface ImageConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  OnBuild?: string[] | null;
  StopSignal?: string;
  Shell?: string[];
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
}

/** Docker's HealthConfig; durations in nanoseconds, omitted when zero. */
export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** One line of `docker history`: what an instruction recorded, and whether it made a layer. */
export interface HistoryEntry {
  readonly createdBy: string;
  readonly emptyLayer: boolean;
  readonly comment?: string;
}

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink';

/** One path of an image's file tree, as a tar header describes it. */
export interface TreeEntry {
  /** Absolute path, `/` separated, no trailing slash (the root itself is not listed). */
  readonly path: string;
  readonly type: EntryType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Size of a regular file's content; 0 for others. */
  readonly size: number;
  /** Hex sha256 of a regular file's content, when known. */
  readonly sha256?: string;
  /** Symlink target, or for a hard link the path of the file it links to. */
  readonly linkTarget?: string;
}
