import { chmodSync, copyFileSync, existsSync, lstatSync, lutimesSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Case } from './cases.js';

/** Every context entry's mtime after preparation (2000-01-01T00:00:00Z), so ids and hashes repeat. */
export const CONTEXT_MTIME = 946684800;

/**
 * Makes the build context of a case in `dest` (an empty directory), the way the emulator reads it:
 * a copy of `context/` (absent = empty) whose regular files are 0755 when git would check them out
 * executable (any x bit) and 0644 otherwise and whose directories are 0755 — so the result does not
 * depend on the umask of the checkout — then `context.json` applied: `dirs` created (0755),
 * `symlinks` created, `modes` set (octal strings, setuid etc. included); finally every mtime is set
 * to CONTEXT_MTIME.
 */
export function prepareContext(c: Case, dest: string): void {
  const src = join(c.dir, 'context');
  if (existsSync(src)) copyTree(src, dest);
  const spec = c.contextSpec;
  for (const d of spec?.dirs ?? []) {
    mkdirSync(join(dest, safeRel(d)), { recursive: true, mode: 0o755 });
    chmodSync(join(dest, safeRel(d)), 0o755);
  }
  for (const [link, target] of Object.entries(spec?.symlinks ?? {})) {
    const at = join(dest, safeRel(link));
    mkdirSync(dirname(at), { recursive: true, mode: 0o755 });
    symlinkSync(target, at);
  }
  for (const [path, mode] of Object.entries(spec?.modes ?? {})) {
    if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`${c.id}: context.json mode "${mode}" for ${path} is not octal`);
    chmodSync(join(dest, safeRel(path)), parseInt(mode, 8));
  }
  setTimes(dest);
}

function safeRel(p: string): string {
  const clean = p.replace(/^\/+/, '');
  if (clean === '' || clean.split('/').includes('..')) throw new Error(`bad context path "${p}"`);
  return clean;
}

function copyTree(from: string, to: string): void {
  for (const name of readdirSync(from).sort()) {
    const a = join(from, name);
    const b = join(to, name);
    const st = lstatSync(a);
    if (st.isDirectory()) {
      mkdirSync(b, { mode: 0o755 });
      chmodSync(b, 0o755);
      copyTree(a, b);
    } else if (st.isFile()) {
      copyFileSync(a, b);
      chmodSync(b, st.mode & 0o111 ? 0o755 : 0o644);
    } else {
      throw new Error(`${a}: only regular files and directories belong in context/ (use context.json for symlinks)`);
    }
  }
}

function setTimes(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) setTimes(p);
    lutimesSync(p, CONTEXT_MTIME, CONTEXT_MTIME);
  }
  lutimesSync(dir, CONTEXT_MTIME, CONTEXT_MTIME);
}
