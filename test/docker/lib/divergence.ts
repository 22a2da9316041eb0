/**
 * Where the emulator's result and a recording differ: a readable diff, and a coarse signature
 * (which fields differ, and how) used to tell a new divergence from one already found.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Expected } from './expected.js';

type Shape = Partial<Expected>;

function lines(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return v === undefined ? [] : JSON.stringify(v, null, 2).split('\n');
}

/** A line diff (longest common subsequence): `  - a` only recorded, `  + b` only emulated, in order. */
function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`  - ${a[i++]}`);
    else out.push(`  + ${b[j++]}`);
  }
  return out;
}

/** Per field that differs: `- recorded` / `+ emulated` lines. */
export function diffText(recorded: Shape, emulated: Shape): string {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(emulated)])] as Array<keyof Expected>;
  for (const k of keys) {
    if (isDeepStrictEqual(recorded[k], emulated[k])) continue;
    out.push(`${k}:`, ...lineDiff(lines(recorded[k]), lines(emulated[k])));
  }
  return out.join('\n');
}

/** The path of a tree line (`-rw-r--r-- 0:0 5 sha256:… /a/b` -> `/a/b`, links without ` -> x`). */
function treePath(line: string): string {
  const m = /\s(\/.*?)(?: -> .*)?$/.exec(line);
  return m ? m[1]! : line;
}

/**
 * E.g. `outcome`, `error`, `config.WorkingDir`, `tree:missing`, `tree:extra`, `tree:changed`,
 * `history`. Two divergences with the same signature are taken for the same bug.
 */
export function signature(recorded: Shape, emulated: Shape): string {
  if (recorded.outcome !== emulated.outcome) return `outcome:${recorded.outcome}->${emulated.outcome}`;
  const parts: string[] = [];
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(emulated)])] as Array<keyof Expected>;
  for (const k of keys) {
    const a = recorded[k];
    const b = emulated[k];
    if (isDeepStrictEqual(a, b)) continue;
    if (k === 'config') {
      const ca = (a ?? {}) as Record<string, unknown>;
      const cb = (b ?? {}) as Record<string, unknown>;
      for (const ck of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
        if (!isDeepStrictEqual(ca[ck], cb[ck])) parts.push(`config.${ck}`);
      }
    } else if (k === 'tree' || k === 'removed') {
      const pa = new Map(lines(a).map((l) => [treePath(l), l]));
      const pb = new Map(lines(b).map((l) => [treePath(l), l]));
      const kinds = new Set<string>();
      for (const [p, l] of pa) kinds.add(!pb.has(p) ? 'missing' : pb.get(p) !== l ? 'changed' : '');
      for (const p of pb.keys()) if (!pa.has(p)) kinds.add('extra');
      kinds.delete('');
      parts.push(`${k}:${[...kinds].sort().join('+') || 'order'}`);
    } else if (k === 'error') {
      // The first words of Docker's message tell one kind of error from another.
      const words = String(a ?? b ?? '').replace(/"[^"]*"|<[^>]*>|\/\S*/g, '_').split(/\s+/).slice(0, 4).join(' ');
      parts.push(`error(${words})`);
    } else parts.push(k);
  }
  return parts.sort().join(',');
}
