/** Hostile build contexts on disk, the bait outside them, and what to check a result against. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { exportImage, imageFs, type BuildResult } from '../../src/index.js';
import { BIN } from '../cli/runCli.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = BIN;

/** A fresh directory under the system temp dir, readable by every user (for the non-root tests). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dfsim-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** `rm -rf`: it removes trees deeper than PATH_MAX, which Node's rmSync cannot. */
export function removeTree(dir: string): void {
  spawnSync('rm', ['-rf', dir]);
}

/** What must never show up in an image: the host's /etc/passwd, and a marker file outside the context. */
export interface Bait {
  readonly dir: string;
  readonly file: string;
  readonly marker: string;
  readonly passwd: Buffer;
}

export function makeBait(): Bait {
  const dir = tempDir('bait');
  const marker = `BAIT-${process.pid}-${Date.now()}-outside-the-context`;
  const file = join(dir, 'secret.txt');
  writeFileSync(file, `${marker}\n`);
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd') : Buffer.from(marker);
  return { dir, file, marker, passwd };
}

/** Every regular file of a successful result, through the image's own fs view. */
export function imageContents(result: BuildResult): Buffer[] {
  const fs = imageFs(result);
  return result.tree.filter((e) => e.type === 'file' || e.type === 'hardlink').map((e) => fs.readFileSync(e.path) as Buffer);
}

/** The tar export of a successful result, in memory. */
export async function tarOf(result: BuildResult): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await exportImage(result, {
    type: 'tar',
    dest: new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    }),
  });
  return Buffer.concat(chunks);
}

/** Fails when any image file or the exported tar carries the bait. */
export async function expectNoBait(result: BuildResult, bait: Bait): Promise<void> {
  if (result.status !== 'success') return;
  for (const content of imageContents(result)) {
    if (content.includes(bait.marker) || (bait.passwd.length > 0 && content.equals(bait.passwd))) {
      throw new Error('an image file holds the bait from outside the context');
    }
  }
  const tar = await tarOf(result);
  if (tar.includes(bait.marker) || (bait.passwd.length > 32 && tar.includes(bait.passwd))) {
    throw new Error('the exported tar holds the bait from outside the context');
  }
}

/** Runs the built CLI. */
export function cli(args: string[], cwd: string): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** A directory `depth` levels deep (`d/d/…/d/f`), made with relative paths: it goes past PATH_MAX. */
export function deepTree(dir: string, depth: number): void {
  const script = `const fs=require('fs');for(let i=0;i<${depth};i++){fs.mkdirSync('d');process.chdir('d')}fs.writeFileSync('f','deep\\n')`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir });
  if (r.status !== 0) throw new Error(`could not make a ${depth}-deep tree: ${r.stderr}`);
}

/**
 * Removes a large tree in a detached process: rmdir costs about a millisecond here, so a
 * 10,000-deep chain or 100,000 entries would take the test seconds to clean up.
 */
export function removeTreeLater(dir: string): void {
  spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
}

export const isRoot = process.getuid?.() === 0;
