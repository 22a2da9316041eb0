/**
 * A synchronous .xz decoder for ADD (no sync pure-JS package exists; BuildKit itself runs the
 * `xz` tool): streams of blocks with the LZMA2 filter alone, which is what `xz` writes unless
 * asked for a BCJ or delta filter. Checks are skipped, not verified. Throws XzError otherwise.
 */
export class XzError extends Error {
  /** True for valid xz this decoder does not read (other filters), false for corrupt data. */
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** The output would pass the caller's maximum (ADD's `archiveBytes` limit). */
export class XzOutputLimitError extends XzError {}

const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const LZMA2_FILTER = 0x21;

export function decompressXz(input: Uint8Array, maxOutput = Infinity): Buffer {
  const out = new Output(maxOutput);
  let pos = 0;
  while (pos < input.length) {
    if (pos > 0 && input[pos] === 0) {
      pos += 4; // stream padding between concatenated streams
      continue;
    }
    pos = readStream(input, pos, out);
  }
  return out.result();
}

function readStream(input: Uint8Array, start: number, out: Output): number {
  if (!MAGIC.every((b, i) => input[start + i] === b)) throw new XzError('not an xz stream');
  const checkSize = CHECK_SIZES[input[start + 7]! & 0x0f]!;
  let pos = start + 12;
  for (;;) {
    if (pos >= input.length) throw new XzError('truncated xz data');
    if (input[pos] === 0) break; // the index follows the last block
    const headerSize = (input[pos]! + 1) * 4;
    const blockStart = pos;
    const flags = input[pos + 1]!;
    const reader = { pos: pos + 2 };
    if (flags & 0x40) readVarint(input, reader);
    if (flags & 0x80) readVarint(input, reader);
    for (let i = 0; i <= (flags & 3); i++) {
      const id = readVarint(input, reader);
      const propsSize = readVarint(input, reader);
      if (id !== LZMA2_FILTER || (flags & 3) !== 0) throw new XzError(`xz filter 0x${id.toString(16)}`, true);
      reader.pos += propsSize;
    }
    pos = blockStart + headerSize;
    const dataStart = pos;
    pos = decodeLzma2(input, pos, out);
    pos += (4 - ((pos - dataStart) % 4)) % 4;
    pos += checkSize;
  }
  // Index: indicator, record count, records, padding, CRC32; then the 12-byte footer.
  const reader = { pos: pos + 1 };
  const records = readVarint(input, reader);
  for (let i = 0; i < records * 2; i++) readVarint(input, reader);
  pos = reader.pos + ((4 - ((reader.pos - pos) % 4)) % 4) + 4;
  return pos + 12;
}

function readVarint(input: Uint8Array, reader: { pos: number }): number {
  let value = 0;
  for (let shift = 0; shift < 63; shift += 7) {
    const byte = input[reader.pos++];
    if (byte === undefined) throw new XzError('truncated xz header');
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return value;
  }
  throw new XzError('bad xz varint');
}

/** The decoded bytes, growing as needed; matches copy from what is already there. */
class Output {
  buf = new Uint8Array(1 << 16);
  length = 0;
  /** Where the dictionary was last reset: positions count from here, matches cannot reach before. */
  dictStart = 0;

  constructor(private readonly max: number) {}

  push(byte: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = byte;
  }

  copyMatch(distance: number, length: number): void {
    const from = this.length - distance - 1;
    if (from < this.dictStart) throw new XzError('corrupt xz data: match distance too large');
    if (this.length + length > this.buf.length) this.grow(length);
    for (let i = 0; i < length; i++) this.buf[this.length++] = this.buf[from + i]!;
  }

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Buffer {
    return Buffer.from(this.buf.buffer, 0, this.length);
  }

  private grow(extra: number): void {
    // A small xz can decode to gigabytes: stop at the caller's maximum instead of allocating it.
    if (this.length + extra > this.max) throw new XzOutputLimitError(`xz output larger than ${this.max} bytes`);
    const next = new Uint8Array(Math.min(Math.max(this.buf.length * 2, this.length + extra), Math.max(this.max, this.length + extra)));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

/** LZMA2 chunks until the end marker; returns the position after it. */
function decodeLzma2(input: Uint8Array, start: number, out: Output): number {
  let pos = start;
  let lzma: LzmaDecoder | undefined;
  for (;;) {
    const control = input[pos++];
    if (control === undefined) throw new XzError('truncated xz data');
    if (control === 0x00) return pos;
    if (control === 0x01 || control === 0x02) {
      if (control === 0x01) out.dictStart = out.length;
      const size = ((input[pos]! << 8) | input[pos + 1]!) + 1;
      out.append(input.subarray(pos + 2, pos + 2 + size));
      pos += 2 + size;
      continue;
    }
    if (control < 0x80) throw new XzError('corrupt xz data: bad LZMA2 chunk');
    const unpacked = (control & 0x1f) * 65536 + ((input[pos]! << 8) | input[pos + 1]!) + 1;
    const packed = ((input[pos + 2]! << 8) | input[pos + 3]!) + 1;
    pos += 4;
    const reset = (control >> 5) & 3;
    if (reset === 3) out.dictStart = out.length;
    if (reset >= 2) lzma = new LzmaDecoder(input[pos++]!);
    else if (reset === 1) lzma = lzma?.fresh();
    if (!lzma) throw new XzError('corrupt xz data: LZMA2 chunk without properties');
    lzma.decode(new RangeDecoder(input, pos), out, out.length + unpacked);
    pos += packed;
  }
}

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  private pos: number;

  constructor(
    private readonly input: Uint8Array,
    start: number,
  ) {
    this.pos = start + 1;
    for (let i = 0; i < 4; i++) this.code = this.code * 256 + this.next();
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i]!;
    const bound = (this.range >>> 11) * p;
    let bit: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >> 5);
      bit = 0;
    } else {
      this.range -= bound;
      this.code -= bound;
      probs[i] = p - (p >> 5);
      bit = 1;
    }
    if (this.range < 0x1000000) this.normalize();
    return bit;
  }

  tree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, offset + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const bit = this.bit(probs, offset + m);
      m = (m << 1) | bit;
      symbol |= bit << i;
    }
    return symbol;
  }

  direct(bits: number): number {
    let result = 0;
    for (let i = 0; i < bits; i++) {
      this.range = Math.floor(this.range / 2);
      const bit = this.code >= this.range ? 1 : 0;
      if (bit) this.code -= this.range;
      result = result * 2 + bit;
      if (this.range < 0x1000000) this.normalize();
    }
    return result;
  }

  private normalize(): void {
    this.range *= 256;
    this.code = this.code * 256 + this.next();
  }

  private next(): number {
    const byte = this.input[this.pos++];
    if (byte === undefined) throw new XzError('truncated xz data');
    return byte;
  }
}

const probs = (n: number): Uint16Array => new Uint16Array(n).fill(1024);

/** Match lengths: 2–9 (low), 10–17 (mid), 18–273 (high), low/mid per position state. */
class LengthDecoder {
  private readonly choice = probs(2);
  private readonly low = probs(16 << 3);
  private readonly mid = probs(16 << 3);
  private readonly high = probs(256);

  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.choice, 0) === 0) return 2 + rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 10 + rc.tree(this.mid, posState << 3, 3);
    return 18 + rc.tree(this.high, 0, 8);
  }
}

/** The LZMA decoder state LZMA2 keeps across chunks until a reset. */
class LzmaDecoder {
  private readonly lc: number;
  private readonly lp: number;
  private readonly pb: number;
  private readonly literal: Uint16Array;
  private readonly isMatch = probs(12 << 4);
  private readonly isRep = probs(12);
  private readonly isRepG0 = probs(12);
  private readonly isRepG1 = probs(12);
  private readonly isRepG2 = probs(12);
  private readonly isRep0Long = probs(12 << 4);
  private readonly posSlot = probs(4 << 6);
  private readonly posSpecial = probs(115);
  private readonly align = probs(16);
  private readonly lengths = new LengthDecoder();
  private readonly repLengths = new LengthDecoder();
  private state = 0;
  private reps = [0, 0, 0, 0];

  constructor(private readonly props: number) {
    if (props >= 9 * 5 * 5) throw new XzError('corrupt xz data: bad LZMA properties');
    this.lc = props % 9;
    this.lp = Math.floor(props / 9) % 5;
    this.pb = Math.floor(props / 45);
    if (this.lc + this.lp > 4) throw new XzError('corrupt xz data: bad LZMA properties');
    this.literal = probs(0x300 << (this.lc + this.lp));
  }

  /** A state reset: same properties, fresh probabilities. */
  fresh(): LzmaDecoder {
    return new LzmaDecoder(this.props);
  }

  decode(rc: RangeDecoder, out: Output, end: number): void {
    const pbMask = (1 << this.pb) - 1;
    while (out.length < end) {
      const pos = out.length - out.dictStart;
      const posState = pos & pbMask;
      if (rc.bit(this.isMatch, (this.state << 4) + posState) === 0) {
        out.push(this.decodeLiteral(rc, out, pos));
        this.state = this.state < 4 ? 0 : this.state < 10 ? this.state - 3 : this.state - 6;
        continue;
      }
      let length: number;
      if (rc.bit(this.isRep, this.state) === 0) {
        length = this.lengths.decode(rc, posState);
        this.state = this.state < 7 ? 7 : 10;
        this.reps = [this.decodeDistance(rc, length), this.reps[0]!, this.reps[1]!, this.reps[2]!];
      } else {
        if (rc.bit(this.isRepG0, this.state) === 0) {
          if (rc.bit(this.isRep0Long, (this.state << 4) + posState) === 0) {
            this.state = this.state < 7 ? 9 : 11;
            out.copyMatch(this.reps[0]!, 1);
            continue;
          }
        } else {
          let index = 1;
          if (rc.bit(this.isRepG1, this.state) === 1) index = rc.bit(this.isRepG2, this.state) === 0 ? 2 : 3;
          const distance = this.reps[index]!;
          this.reps.splice(index, 1);
          this.reps.unshift(distance);
        }
        length = this.repLengths.decode(rc, posState);
        this.state = this.state < 7 ? 8 : 11;
      }
      out.copyMatch(this.reps[0]!, Math.min(length, end - out.length));
    }
  }

  private decodeLiteral(rc: RangeDecoder, out: Output, pos: number): number {
    const prev = pos > 0 ? out.buf[out.length - 1]! : 0;
    const base = 0x300 * (((pos & ((1 << this.lp) - 1)) << this.lc) + (prev >> (8 - this.lc)));
    let symbol = 1;
    if (this.state >= 7) {
      let matchByte = out.buf[out.length - this.reps[0]! - 1]!;
      while (symbol < 0x100) {
        const matchBit = (matchByte >> 7) & 1;
        matchByte <<= 1;
        const bit = rc.bit(this.literal, base + ((1 + matchBit) << 8) + symbol);
        symbol = (symbol << 1) | bit;
        if (matchBit !== bit) break;
      }
    }
    while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(this.literal, base + symbol);
    return symbol & 0xff;
  }

  private decodeDistance(rc: RangeDecoder, length: number): number {
    const slot = rc.tree(this.posSlot, Math.min(length - 2, 3) << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >> 1) - 1;
    const base = (2 | (slot & 1)) * 2 ** directBits;
    if (slot < 14) return base + rc.reverseTree(this.posSpecial, base - slot - 1, directBits);
    return base + rc.direct(directBits - 4) * 16 + rc.reverseTree(this.align, 0, 4);
  }
}
