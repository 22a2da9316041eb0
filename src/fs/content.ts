import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * A regular file's bytes, read only when asked for: a build of a large context keeps sizes
 * and paths in memory, not contents.
 */
export interface Content {
  readonly size: number;
  bytes(): Buffer;
  sha256(): string;
}

/** Content that can stream its bytes into a hash (a host file), so no file is held in memory. */
export interface StreamedContent extends Content {
  feed(hash: Hash): void;
}

/** Adds a content's bytes to a hash: streamed when the content can, else all at once. */
export function feedHash(hash: Hash, content: Content): void {
  const streamed = content as Partial<StreamedContent>;
  if (streamed.feed) streamed.feed(hash);
  else hash.update(content.bytes());
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const CHUNK = 1 << 20;
/** One buffer reused by every host-file hash (all synchronous), so hashing holds no file in memory. */
let chunk: Buffer | undefined;

/** Feeds `size` bytes of a host file from `offset` to a hash through a fixed buffer (less at EOF). */
function feedHostRange(hash: Hash, hostPath: string, offset: number, size: number, exact: boolean): void {
  const buffer = (chunk ??= Buffer.allocUnsafe(CHUNK));
  const fd = openSync(hostPath, 'r');
  try {
    for (let done = 0; done < size; ) {
      const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - done), offset + done);
      if (n === 0) {
        if (exact) throw new Error(`${hostPath} ended before byte ${offset + size}`);
        break;
      }
      hash.update(buffer.subarray(0, n));
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

function hashOfHostRange(hostPath: string, offset: number, size: number, exact: boolean): string {
  const hash = createHash('sha256');
  feedHostRange(hash, hostPath, offset, size, exact);
  return hash.digest('hex');
}

class BufferContent implements Content {
  private hash: string | undefined;
  constructor(private readonly data: Buffer) {}
  get size(): number {
    return this.data.length;
  }
  bytes(): Buffer {
    return this.data;
  }
  sha256(): string {
    return (this.hash ??= hashOf(this.data));
  }
}

class HostFileContent implements StreamedContent {
  private hash: string | undefined;
  constructor(
    private readonly hostPath: string,
    readonly size: number,
  ) {}
  bytes(): Buffer {
    return readFileSync(this.hostPath);
  }
  sha256(): string {
    // Streamed: a context file is hashed once, however large, without holding its bytes.
    return (this.hash ??= hashOfHostRange(this.hostPath, 0, this.size, false));
  }
  feed(hash: Hash): void {
    feedHostRange(hash, this.hostPath, 0, this.size, false);
  }
}

/** A byte range of a host file: a layer's file inside an uncompressed image archive. */
class HostFileRangeContent implements StreamedContent {
  private hash: string | undefined;
  constructor(
    private readonly hostPath: string,
    private readonly offset: number,
    readonly size: number,
  ) {}
  bytes(): Buffer {
    const out = Buffer.alloc(this.size);
    const fd = openSync(this.hostPath, 'r');
    try {
      let done = 0;
      while (done < this.size) {
        const n = readSync(fd, out, done, this.size - done, this.offset + done);
        if (n === 0) throw new Error(`${this.hostPath} ended before byte ${this.offset + this.size}`);
        done += n;
      }
    } finally {
      closeSync(fd);
    }
    return out;
  }
  sha256(): string {
    return (this.hash ??= hashOfHostRange(this.hostPath, this.offset, this.size, true));
  }
  feed(hash: Hash): void {
    feedHostRange(hash, this.hostPath, this.offset, this.size, true);
  }
}

/** Content whose bytes are unknown (an image fixture that kept only the hash). */
class KnownHashContent implements Content {
  constructor(
    readonly size: number,
    private readonly hash: string,
  ) {}
  bytes(): Buffer {
    throw new Error('the content of this file is not known (only its size and hash)');
  }
  sha256(): string {
    return this.hash;
  }
}

export function contentFromBuffer(data: Buffer | string): Content {
  return new BufferContent(typeof data === 'string' ? Buffer.from(data) : data);
}

export function contentFromHostFile(hostPath: string, size: number): Content {
  return new HostFileContent(hostPath, size);
}

export function contentFromHostFileRange(hostPath: string, offset: number, size: number): Content {
  return new HostFileRangeContent(hostPath, offset, size);
}

export function contentFromHash(size: number, sha256: string): Content {
  return new KnownHashContent(size, sha256);
}

export const emptyContent: Content = contentFromBuffer(Buffer.alloc(0));
