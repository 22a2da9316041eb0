import type { FsTree } from '../fs/tree.js';
import type { HistoryEntry, ImageConfig } from '../model/image.js';

/** A base image: its file tree with every layer applied, and what its config JSON records. */
export interface LoadedImage {
  /** The reference it was asked for, else its first tag, else its config digest. */
  readonly ref: string;
  /** The config JSON's `config` field, fields kept as stored (also ones ImageConfig does not name). */
  readonly config: ImageConfig;
  readonly tree: FsTree;
  readonly history: HistoryEntry[];
  readonly layerCount: number;
  /**
   * The image lists only some of the real image's files (an inline stand-in): a program a RUN
   * does not find in it may still be in the real one.
   */
  readonly standIn?: boolean;
}
