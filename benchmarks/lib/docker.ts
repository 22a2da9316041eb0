import { engineEnv, runProcess, type RunResult } from '../../test/docker/lib/docker.js';
import { REPO } from './paths.js';

export type Timed = RunResult;

/** Runs a process to its end and times it from spawn to exit (wall clock, as a user waits). */
export function timedRun(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<Timed> {
  return runProcess(command, args, env, timeoutMs);
}

/**
 * The reference daemon of test/docker/engine.sh, only when it already answers: the benchmark
 * never starts or stops it, never pulls, and builds with --network=none only.
 */
export class BenchDocker {
  private readonly present = new Map<string, boolean>();

  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly version: string,
  ) {}

  /** The daemon, or why the Docker comparisons are skipped. */
  static async connect(): Promise<BenchDocker | string> {
    const found = engineEnv(REPO);
    if ('error' in found) return found.error;
    const { env } = found;
    const version = await timedRun('docker', ['version', '--format', '{{.Server.Version}}'], env, 15_000).catch(() => undefined);
    if (!version || version.code !== 0) return `no Docker daemon answers at ${env['DOCKER_HOST']} (${version?.stderr.trim().split('\n')[0] ?? 'docker not found'})`;
    return new BenchDocker(env, version.stdout.trim());
  }

  run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Timed> {
    return timedRun('docker', args, { ...this.env, ...extraEnv });
  }

  /** True when the image is in the local store (a build naming a missing one would try to pull). */
  async hasImage(ref: string): Promise<boolean> {
    let known = this.present.get(ref);
    if (known === undefined) {
      known = (await this.run(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
      this.present.set(ref, known);
    }
    return known;
  }

  /** Removes our tag, then the classic builder's intermediate images of this build if nothing else tags them. */
  async cleanUp(tag: string, intermediates: readonly string[]): Promise<void> {
    await this.run(['image', 'rm', tag]);
    for (const id of [...intermediates].reverse()) {
      const r = await this.run(['image', 'inspect', '--format', '{{len .RepoTags}}', id]);
      if (r.code === 0 && r.stdout.trim() === '0') await this.run(['image', 'rm', id]);
    }
  }
}
