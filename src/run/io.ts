import type { Vfs } from './vfs.js';

/** Where a file descriptor's output goes. */
export interface Sink {
  write(data: Buffer | string): void;
}

/** The standard streams a command runs with; standard input is read whole. */
export interface Io {
  readonly stdin: Buffer;
  readonly stdout: Sink;
  readonly stderr: Sink;
}

/** Output kept in memory: the script's own stdout/stderr, a pipe, or `$(...)`. */
export class Capture implements Sink {
  private readonly chunks: Buffer[] = [];
  write(data: Buffer | string): void {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
}

export const discard: Sink = { write: () => undefined };

/** Output redirected into a file of the tree: each write appends, as to an fd opened on it. */
export class FileSink implements Sink {
  constructor(
    private readonly fs: Vfs,
    readonly real: string,
  ) {}
  write(data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.length > 0) this.fs.writeContent(this.real, bytes, true);
  }
}
