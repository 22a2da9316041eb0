/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ContextProgressReporter {
  /** Pass as `emulate({ onContextProgress })`. */
  readonly update: (progress: { readonly files: number; readonly bytes: number }) => void;
  /** Clears the line once the build is done. */
  readonly done: () => void;
}

/** 1536 → `1.5 KiB`, as sizes are read in a terminal. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A `reading context: N files, X MiB` line on stderr while a context directory is read, only on
 * a terminal and only once reading has taken longer than `delayMs` (small contexts print
 * nothing); redrawn at most every `intervalMs`, erased when done.
 */
export function contextProgress(
  stream: ProgressStream = process.stderr,
  options: { readonly delayMs?: number; readonly intervalMs?: number; readonly now?: () => number } = {},
): ContextProgressReporter {
  const now = options.now ?? Date.now;
  const start = now();
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  let last = -Infinity;
  let shown = false;
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  return {
    update: ({ files, bytes }) => {
      const t = now();
      if (t - start < delay || t - last < interval) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[2Kreading context: ${files} files, ${humanBytes(bytes)}`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
