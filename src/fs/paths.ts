import { posix } from 'node:path';

/** Cleans a path to an absolute, `/`-separated form without `.`/`..` or a trailing slash; `..` cannot leave `/`. */
export function cleanAbsolute(path: string): string {
  return posix.normalize(posix.join('/', path)).replace(/(.)\/+$/, '$1');
}

/** Splits a cleaned absolute path into its components (`/` → []). */
export function components(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when the path as written ends in `/` or `/.`, which Docker reads as "a directory". */
export function endsWithSlash(path: string): boolean {
  return path.endsWith('/') || path.endsWith('/.') || path === '.';
}
