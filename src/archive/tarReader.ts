import { closeSync, openSync, readSync } from 'node:fs';
import { nameFromBytes } from '../context/buildContext.js';

/** One member of a tar stream, long names and PAX overrides applied. */
export interface TarEntry {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  /** The header's type flag (`0`, `5`, `7`…), for what `type` folds into `other`. */
  readonly flag: string;
  /** Permission bits with setuid/setgid/sticky. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkname: string;
  /** Where the entry's data starts in the source, and its length. */
  readonly dataOffset: number;
  readonly size: number;
  /** The entry's data, read from the source when asked. */
  data(): Buffer;
}

export class TarFormatError extends Error {}

/** Bytes a tar is read from: a buffer, or a range of a host file read on demand. */
export interface TarSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end). */
  read(offset: number, length: number): Buffer;
}

export function bufferSource(buf: Buffer): TarSource {
  return { size: buf.length, read: (offset, length) => buf.subarray(offset, offset + length) };
}

/** Headers are read a window at a time, so walking a layer costs a few reads, not one per entry. */
const WINDOW = 64 * 1024;

/**
 * `size` bytes of a host file from `start`, for `use` to read while the file is open. File data
 * is never read unless an entry's `data()` is called.
 */
export function withFileSource<T>(path: string, start: number, size: number, use: (source: TarSource) => T): T {
  const fd = openSync(path, 'r');
  try {
    const readRange = (offset: number, length: number): Buffer => {
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, start + offset + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    let window: Buffer = Buffer.alloc(0);
    let windowAt = 0;
    const read = (offset: number, length: number): Buffer => {
      const end = Math.min(offset + length, size);
      if (offset >= windowAt && end <= windowAt + window.length) return window.subarray(offset - windowAt, end - windowAt);
      if (length > WINDOW) return readRange(offset, end - offset);
      window = readRange(offset, Math.min(WINDOW, size - offset));
      windowAt = offset;
      return window.subarray(0, end - offset);
    };
    return use({ size, read });
  } finally {
    closeSync(fd);
  }
}

const BLOCK = 512;

/**
 * Reads a tar synchronously (ADD runs inside a synchronous step; an image's layers are indexed
 * without streams), as Go's archive/tar does: ustar, GNU and PAX headers, GNU long names,
 * base-256 numbers. Stops at the first zero block. Throws TarFormatError on a header whose
 * checksum does not match or data that runs past the end.
 */
export function* readTar(source: TarSource): Generator<TarEntry> {
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Map<string, string> = new Map();
  while (offset + BLOCK <= source.size) {
    const block = source.read(offset, BLOCK);
    if (block.length < BLOCK) throw new TarFormatError('unexpected EOF');
    if (block.every((b) => b === 0)) return;
    if (!checksumMatches(block)) throw new TarFormatError('archive/tar: invalid tar header');
    const flag = String.fromCharCode(block[156]!);
    const size = paxNumber(pax, 'size') ?? Number(numeric(block, 124, 12));
    const start = offset + BLOCK;
    if (start + size > source.size) throw new TarFormatError('unexpected EOF');
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    const data = (): Buffer => source.read(start, size);
    if (flag === 'L' || flag === 'K') {
      const body = data();
      const text = cString(body, 0, body.length);
      if (flag === 'L') longName = text;
      else longLink = text;
      continue;
    }
    if (flag === 'x') {
      pax = parsePax(data());
      continue;
    }
    if (flag === 'g') continue;
    const posix = block.subarray(257, 265).toString('latin1') === 'ustar\u000000';
    const shortName = cString(block, 0, 100);
    const prefix = posix ? cString(block, 345, 155) : '';
    const name = longName ?? pax.get('path') ?? (prefix ? `${prefix}/${shortName}` : shortName);
    yield {
      name,
      type: entryType(flag, name),
      flag,
      mode: Number(numeric(block, 100, 8) & 0o7777n),
      uid: paxNumber(pax, 'uid') ?? Number(numeric(block, 108, 8)),
      gid: paxNumber(pax, 'gid') ?? Number(numeric(block, 116, 8)),
      linkname: longLink ?? pax.get('linkpath') ?? cString(block, 157, 100),
      dataOffset: start,
      size,
      data,
    };
    longName = longLink = undefined;
    pax = new Map();
  }
}

function entryType(flag: string, name: string): TarEntry['type'] {
  switch (flag) {
    case '0':
      return 'file';
    case '\0':
      // Old tars mark directories only by the trailing slash.
      return name.endsWith('/') ? 'dir' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'dir';
    default:
      return 'other';
  }
}

/** A numeric PAX record; Go refuses one that is not a decimal number. */
function paxNumber(pax: Map<string, string>, key: string): number | undefined {
  const text = pax.get(key);
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(text)) throw new TarFormatError('archive/tar: invalid tar header');
  return Number(text);
}

/** Go accepts either the unsigned or the signed sum of the header bytes (checksum field as spaces). */
export function checksumMatches(block: Buffer): boolean {
  const field = block.subarray(148, 156).toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
  if (!/^[0-7]*$/.test(field)) return false;
  const stored = field === '' ? 0 : Number.parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** An octal field, or base-256 when its first byte has the high bit set. */
function numeric(block: Buffer, start: number, length: number): bigint {
  const field = block.subarray(start, start + length);
  if (field[0]! & 0x80) {
    let value = BigInt(field[0]! & 0x7f);
    for (const b of field.subarray(1)) value = (value << 8n) | BigInt(b);
    return value;
  }
  const text = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
  if (text !== '' && !/^[0-7]+$/.test(text)) throw new TarFormatError('archive/tar: invalid tar header');
  return text === '' ? 0n : BigInt(`0o${text}`);
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  // Names are bytes in a tar as on a host: keep any that are not UTF-8 (see nameFromBytes).
  return nameFromBytes(field.subarray(0, end === -1 ? field.length : end));
}

/** PAX records: `<length> <key>=<value>\n`. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (space === -1 || !Number.isInteger(length) || length <= 0) throw new TarFormatError('archive/tar: invalid tar header');
    const record = nameFromBytes(data.subarray(space + 1, offset + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    offset += length;
  }
  return records;
}
