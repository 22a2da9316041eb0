import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatTreeLine, type BuildResult } from '../../src/index.js';

/** The final tree as `ls -l`-like lines, the exact form the tests compare. */
export function treeLines(result: BuildResult): string[] {
  return result.tree.map((e) => formatTreeLine(e));
}

/** A host folder with exact modes (not left to the checkout's umask): `{ 'a/b.js': ['text', 0o644], 'l': { link: 'b' } }`. */
export function hostFolder(files: Record<string, readonly [string, number] | { readonly link: string }>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dfsim-effects-'));
  for (const [path, spec] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if ('link' in spec) symlinkSync(spec.link, full);
    else {
      writeFileSync(full, spec[0]);
      chmodSync(full, spec[1]);
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
