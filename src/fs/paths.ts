import { posix } from 'node:path';
import { currentLimits, limitExceeded } from '../limits.js';

/** Absolute with no empty, `.` or `..` component and no trailing slash: already what cleanAbsolute makes. */
const CLEAN = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$|^\/$/;

/** Cleans a path to an absolute, `/`-separated form without `.`/`..` or a trailing slash; `..` cannot leave `/`. */
export function cleanAbsolute(path: string): string {
  // Most paths the trees see are already clean (built from names); normalizing them was most of a lookup.
  if (CLEAN.test(path)) return path;
  // Archive and context names are relative (`bin/sh`): rooting one is often all it needs.
  const rooted = `/${path}`;
  if (CLEAN.test(rooted)) return rooted;
  return posix.normalize(posix.join('/', path)).replace(/(.)\/+$/, '$1');
}

/**
 * Splits a cleaned absolute path into its components (`/` → []). Every tree operation goes
 * through here, so this is where the `pathDepth` limit holds: deep paths cost quadratic work.
 */
export function components(path: string): string[] {
  if (path === '/') return [];
  const names = path.slice(1).split('/');
  const max = currentLimits().pathDepth;
  if (names.length > max) {
    throw limitExceeded('pathDepth', `the path ${path.slice(0, 60)}… has ${names.length} components, more than ${max}`);
  }
  return names;
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
