import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface Timed {
  readonly code: number;
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a process to its end and times it from spawn to exit (wall clock, as a user waits). */
export function timedRun(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), ms, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
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
    const engine = join(REPO, 'test/docker/engine.sh');
    const out = spawnSync(
      'bash',
      ['-c', 'eval "$("$1" env)" && printf "%s\\0%s\\0%s" "$DOCKER_HOST" "$DOCKER_CONFIG" "$PATH"', 'env', engine],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) return `test/docker/engine.sh env failed (${out.stderr.trim() || `exit ${out.status}`})`;
    const [host, config, path] = out.stdout.split('\0');
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: config, PATH: path };
    // The caller's proxy and BuildKit settings must not change the builds.
    for (const k of Object.keys(env)) {
      if (/^(https?_proxy|all_proxy|no_proxy|BUILDKIT_.*|BUILDX_.*|DOCKER_BUILDKIT|DOCKER_DEFAULT_PLATFORM|DOCKER_CONTEXT)$/i.test(k)) delete env[k];
    }
    const version = await timedRun('docker', ['version', '--format', '{{.Server.Version}}'], env, 15_000).catch(() => undefined);
    if (!version || version.code !== 0) return `no Docker daemon answers at ${host} (${version?.stderr.trim().split('\n')[0] ?? 'docker not found'})`;
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
