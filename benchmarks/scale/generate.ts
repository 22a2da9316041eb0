/**
 * Deterministic inputs for the scale suite: the same seed gives byte-identical contexts and
 * Dockerfiles on every machine, so runs differ only in the machine and the code.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** sfc32: small, fast, and the same in every JS engine. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }

  fill(buffer: Buffer): Buffer {
    for (let i = 0; i + 4 <= buffer.length; i += 4) buffer.writeUInt32LE(this.next(), i);
    return buffer;
  }
}

/** What a generated context holds. */
export interface Generated {
  files: number;
  bytes: number;
}

/** Writes files of pseudo-random bytes; each starts with its own name, so no two are equal. */
export class SmallFiles {
  private readonly pool: Buffer;
  readonly stats: Generated = { files: 0, bytes: 0 };

  constructor(private readonly rng: Rng) {
    this.pool = rng.fill(Buffer.alloc(1 << 20));
  }

  /** A file of 0..maxSize bytes, mostly small (source-tree like). */
  write(path: string, maxSize = 4096): void {
    const size = Math.min(maxSize, Math.floor((this.rng.below(1000) / 1000) ** 3 * maxSize));
    const head = Buffer.from(`${path}\n`);
    const start = this.rng.below(this.pool.length - maxSize);
    const data = Buffer.concat([head, this.pool.subarray(start, start + size)]);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    this.stats.files++;
    this.stats.bytes += data.length;
  }
}

/** `dirs` × `subdirs` × `perDir` small files below `root`. */
export function writeTree(root: string, rng: Rng, dirs: number, subdirs: number, perDir: number, maxSize?: number): Generated {
  const files = new SmallFiles(rng);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  for (let d = 0; d < dirs; d++) {
    for (let s = 0; s < subdirs; s++) {
      for (let f = 0; f < perDir; f++) files.write(join(root, `d${pad(d, 3)}`, `s${pad(s, 2)}`, `f${pad(f, 3)}.txt`), maxSize);
    }
  }
  return files.stats;
}

/**
 * Large files made of 1 MiB random blocks picked in a seeded order: real, non-sparse data
 * written at disk speed without a random byte generator in the loop.
 */
export function writeLargeFiles(root: string, rng: Rng, count: number, size: number): Generated {
  const block = 1 << 20;
  const blocks = Array.from({ length: 16 }, () => rng.fill(Buffer.alloc(block)));
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < count; i++) {
    const fd = openSync(join(root, `large-${i}.bin`), 'w');
    try {
      // 16 MiB per write: fewer syscalls, the same bytes.
      const chunk = Buffer.alloc(16 * block);
      for (let written = 0; written < size; written += chunk.length) {
        for (let k = 0; k < 16; k++) blocks[rng.below(blocks.length)]!.copy(chunk, k * block);
        chunk.writeUInt32LE(i, 0); // no two chunks of two files alike at the start
        writeSync(fd, chunk, 0, Math.min(chunk.length, size - written));
      }
    } finally {
      closeSync(fd);
    }
  }
  return { files: count, bytes: count * size };
}
