/** A tiny tar writer for hostile archives: any name, type, size field and PAX record, valid checksums. */
import { gzipSync } from 'node:zlib';

export interface Member {
  readonly name: string | Buffer;
  /** Typeflag: '0' file, '1' hard link, '2' symlink, '5' dir, 'x' PAX header, 'L' GNU long name, … */
  readonly type?: string;
  readonly data?: string | Buffer;
  readonly linkname?: string;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** Overrides the size field (a lie about the data that follows). */
  readonly sizeField?: string;
}

function field(b: Buffer, offset: number, width: number, value: string | Buffer): void {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  bytes.copy(b, offset, 0, Math.min(width, bytes.length));
}

const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, '0') + '\0';

/** One 512-byte USTAR header with a correct checksum. */
export function header(m: Member, size: number): Buffer {
  const b = Buffer.alloc(512);
  field(b, 0, 100, typeof m.name === 'string' ? Buffer.from(m.name) : m.name);
  field(b, 100, 8, octal(m.mode ?? (m.type === '5' ? 0o755 : 0o644), 8));
  field(b, 108, 8, octal(m.uid ?? 0, 8));
  field(b, 116, 8, octal(m.gid ?? 0, 8));
  field(b, 124, 12, m.sizeField ?? octal(size, 12));
  field(b, 136, 12, octal(0, 12));
  field(b, 156, 1, m.type ?? '0');
  field(b, 157, 100, Buffer.from(m.linkname ?? ''));
  field(b, 257, 8, 'ustar\u000000');
  return withChecksum(b);
}

/** Sets a header block's checksum field from its bytes (so a mutated header still parses). */
export function withChecksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  field(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

export function paxRecords(records: Readonly<Record<string, string>>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([k, v]) => {
      const body = Buffer.from(` ${k}=${v}\n`);
      let size = body.length + String(body.length).length;
      if (String(size).length !== String(body.length).length) size = body.length + String(size).length;
      return Buffer.concat([Buffer.from(String(size)), body]);
    }),
  );
}

export function tar(members: readonly Member[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
    parts.push(header(m, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const gz = (data: Buffer): Buffer => gzipSync(data);

/** Members that try to leave the destination or the image: Docker keeps them all inside. */
export const EVIL_TAR = tar([
  { name: '/abs.txt', data: 'absolute\n' },
  { name: '../../../../up.txt', data: 'dotdot\n' },
  { name: 'etc-link', type: '2', linkname: '/etc' },
  { name: 'etc-link/passwd', data: 'through a symlink\n' },
  { name: 'out', type: '2', linkname: '../../../../../..' },
  { name: 'out/escaped.txt', data: 'through ..\n' },
  { name: 'hard', type: '1', linkname: '../../../etc/passwd' },
  { name: 'x', type: 'x', data: paxRecords({ path: 'pax/../../../pax-escape.txt' }) },
  { name: 'ignored', data: 'pax named\n' },
  { name: 'dev', type: '3' },
  { name: 'fifo', type: '6' },
]);
