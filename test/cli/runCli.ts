/** Runs the built binary as a user would, from the repository root, without colour settings of the caller. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'cli', 'main.cjs');
/** The fixed example the explain commands are tested on. */
export const FIXTURE = 'test/explain/fixtures/app';

export function run(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
