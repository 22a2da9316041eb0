import { createHash } from 'node:crypto';
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

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
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

class HostFileContent implements Content {
  private hash: string | undefined;
  constructor(
    private readonly hostPath: string,
    readonly size: number,
  ) {}
  bytes(): Buffer {
    return readFileSync(this.hostPath);
  }
  sha256(): string {
    return (this.hash ??= hashOf(this.bytes()));
  }
}

/** A byte range of a host file: a layer's file inside an uncompressed image archive. */
class HostFileRangeContent implements Content {
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
    return (this.hash ??= hashOf(this.bytes()));
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
