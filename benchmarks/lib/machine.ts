import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { REPO } from './paths.js';

/** Where and on what the numbers were taken: they mean something only next to this. */
export function machineLine(): string {
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short=12', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src') !== '' ? ' + uncommitted changes in src/' : '';
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  const date = new Date().toISOString().slice(0, 10);
  // The load says how busy the machine was: other processes stretch wall times (CPU times less).
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${date}: commit \`${commit}\`${dirty}; ${availableParallelism()} × ${cpu}, ${memory} RAM; Node ${process.version} (${process.platform}/${process.arch}); load average ${load} at the start`;
}
