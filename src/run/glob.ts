import { compareNames } from '../fs/tree.js';
import { R, type Vfs } from './vfs.js';

/** A piece of an expanded word; quoted pieces are literal to pattern matching and field splitting. */
export interface Segment {
  readonly text: string;
  readonly quoted: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
};

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** True when the unquoted text has a pattern character (`*`, `?`, or a `[` that closes). */
export function hasPattern(segments: readonly Segment[]): boolean {
  return segments.some((s) => !s.quoted && (/[*?]/.test(s.text) || /\[.+\]/.test(s.text) || /\[\]/.test(s.text)));
}

/** The regular-expression source of a sh pattern (fnmatch without FNM_PATHNAME). */
export function patternSource(segments: readonly Segment[]): string {
  let out = '';
  for (const { text, quoted } of segments) {
    if (quoted) {
      out += escapeRegExp(text);
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '*') out += '[^]*';
      else if (ch === '?') out += '[^]';
      else if (ch === '\\' && i + 1 < text.length) out += escapeRegExp(text[++i]!);
      else if (ch === '[') {
        const parsed = bracket(text, i);
        if (parsed) {
          out += parsed.source;
          i = parsed.end;
        } else out += '\\[';
      } else out += escapeRegExp(ch);
    }
  }
  return out;
}

/** A bracket expression starting at `text[start]`, or undefined when it does not close. */
function bracket(text: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (text[i] === '!' || text[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ']' && !first) return { source: `[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    const cls = /^\[:([a-z]+):\]/.exec(text.slice(i));
    if (cls && CLASSES[cls[1]!]) {
      body += CLASSES[cls[1]!];
      i += cls[0].length - 1;
    } else if (ch === '-' && body !== '' && text[i + 1] !== ']' && i + 1 < text.length) body += '-';
    else body += escapeRegExp(ch);
  }
  return undefined;
}

export function matches(segments: readonly Segment[], text: string): boolean {
  return new RegExp(`^(?:${patternSource(segments)})$`).test(text);
}

/** Splits segments into path components at every `/`. */
function components(segments: readonly Segment[]): Segment[][] {
  const out: Segment[][] = [[]];
  for (const seg of segments) {
    const pieces = seg.text.split('/');
    pieces.forEach((piece, i) => {
      if (i > 0) out.push([]);
      if (piece !== '') out[out.length - 1]!.push({ text: piece, quoted: seg.quoted });
    });
  }
  return out;
}

const textOf = (segments: readonly Segment[]): string => segments.map((s) => s.text).join('');

/**
 * Pathname expansion as ash does it: each component with a pattern is matched against the
 * directory's entries (a leading `.` only by a literal `.`; `.` and `..` are entries too), the
 * others are taken as written; the matches come back in byte order, none when nothing exists.
 */
export function globPaths(fs: Vfs, segments: readonly Segment[]): string[] {
  const parts = components(segments);
  const absolute = parts[0]!.length === 0 && parts.length > 1;
  let found: string[] = [absolute ? '/' : ''];
  const start = absolute ? 1 : 0;
  // Names read from a directory are taken as they are; only a literal last component is looked up.
  let literalLast = false;
  for (let i = start; i < parts.length; i++) {
    const part = parts[i]!;
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const prefix of found) {
      if (part.length === 0) {
        // `dir/` (a trailing slash) or `a//b`: keep the slash, and only directories match a trailing one.
        if (last && !isDir(fs, prefix)) continue;
        next.push(prefix.endsWith('/') ? prefix : prefix + '/');
        continue;
      }
      if (!hasPattern(part)) {
        next.push(prefix + textOf(part) + (last ? '' : '/'));
        literalLast = last;
        continue;
      }
      const regex = new RegExp(`^(?:${patternSource(part)})$`);
      const dotOk = part[0]!.text.startsWith('.');
      for (const name of entries(fs, prefix)) {
        if (name.startsWith('.') && !dotOk) continue;
        if (regex.test(name)) next.push(prefix + name + (last ? '' : '/'));
      }
    }
    found = next;
  }
  return (literalLast ? found.filter((path) => exists(fs, path)) : found).sort(compareNames);
}

function entries(fs: Vfs, dir: string): string[] {
  try {
    const { node } = fs.stat(dir === '' ? '.' : dir);
    return node.type === 'dir' && fs.may(node, R) ? ['.', '..', ...node.children.keys()] : [];
  } catch {
    return [];
  }
}

function isDir(fs: Vfs, path: string): boolean {
  try {
    return fs.stat(path === '' ? '.' : path).node.type === 'dir';
  } catch {
    return false;
  }
}

function exists(fs: Vfs, path: string): boolean {
  try {
    fs.stat(path.replace(/\/+$/, '') || '/', false);
    return true;
  } catch {
    return false;
  }
}
