/**
 * busybox's bb_process_escape_sequence(): the byte a backslash escape stands for (`text[i]` is
 * the character after the backslash) and where reading goes on. An unknown escape is a
 * backslash, with the character after it read as plain text.
 */
export function escapeAt(text: string, i: number): { byte: number; next: number } {
  const hex = text[i] === 'x';
  const base = hex ? 16 : 8;
  let q = hex ? i + 1 : i;
  let digits = 0;
  let n = 0;
  while (digits < (hex ? 2 : 3)) {
    const d = parseInt(text[q] ?? '', base);
    if (Number.isNaN(d) || n * base + d > 0xff) break;
    n = n * base + d;
    q++;
    digits++;
  }
  if (digits > 0) return { byte: n, next: q };
  if (hex) return { byte: 0x5c, next: i };
  const letters: Record<string, number> = { a: 7, b: 8, e: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };
  const byte = letters[text[i] ?? ''];
  return byte === undefined ? { byte: 0x5c, next: i } : { byte, next: i + 1 };
}

/**
 * The escapes of `echo -e` and printf's `%b`: a `\0` before an octal digit is skipped (so `\0101`
 * is `A`), and `\c` ends all output. Returns the bytes and whether `\c` was met.
 */
export function expandEscapes(input: string): { bytes: Buffer; stop: boolean } {
  // Work on bytes (one latin1 character each), as the C code does.
  const text = Buffer.from(input).toString('latin1');
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let j = i + 1;
    if (text[j] === 'c') return { bytes: Buffer.from(out), stop: true };
    if (text[j] === '0' && /[0-7]/.test(text[j + 1] ?? '')) j++;
    const { byte, next } = escapeAt(text, j);
    out.push(byte);
    i = next - 1;
  }
  return { bytes: Buffer.from(out), stop: false };
}
