import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit. */
  readonly ms: number;
}

/** Runs a process to its end, collecting its output; killed after `timeoutMs`. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
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
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms });
    });
  });
}

/**
 * The environment for the `docker` client of test/docker/engine.sh (its socket, config and PATH),
 * with none of the caller's proxy or BuildKit settings; or why engine.sh could not say.
 */
export function engineEnv(repoRoot: string): { readonly env: NodeJS.ProcessEnv } | { readonly error: string } {
  const engine = join(repoRoot, 'test/docker/engine.sh');
  const out = spawnSync(
    'bash',
    ['-c', 'eval "$("$1" env)" && printf "%s\\0%s\\0%s" "$DOCKER_HOST" "$DOCKER_CONFIG" "$PATH"', 'env', engine],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) return { error: `test/docker/engine.sh env failed (${out.stderr.trim() || `exit ${out.status}`})` };
  const [host, config, path] = out.stdout.split('\0');
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: config, PATH: path };
  for (const k of Object.keys(env)) {
    if (/^(https?_proxy|all_proxy|no_proxy|BUILDKIT_.*|BUILDX_.*|DOCKER_BUILDKIT|DOCKER_DEFAULT_PLATFORM|DOCKER_CONTEXT)$/i.test(k)) delete env[k];
  }
  return { env };
}

/** The `docker` client of test/docker/engine.sh, talking to the reference Engine 26.1 only. */
export class Docker {
  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly engineScript: string,
  ) {}

  /** Reads engine.sh's env lines; starts the engine through engine.sh only when it is down. */
  static connect(repoRoot: string): Docker {
    const engine = join(repoRoot, 'test/docker/engine.sh');
    if (spawnSync(engine, ['status'], { stdio: 'ignore' }).status !== 0) {
      process.stderr.write('record: the reference engine is down; starting it with test/docker/engine.sh start\n');
      const start = spawnSync(engine, ['start'], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (start.status !== 0) throw new Error('test/docker/engine.sh start failed');
    }
    const found = engineEnv(repoRoot);
    if ('error' in found) throw new Error(found.error);
    return new Docker(found.env, engine);
  }

  run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<RunResult> {
    return runProcess('docker', args, { ...this.env, ...extraEnv }, timeoutMs);
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await this.run(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
  }

  async serverVersion(): Promise<string> {
    const r = await this.run(['version', '--format', '{{.Server.Version}}']);
    if (r.code !== 0) throw new Error(`docker version: ${r.stderr}`);
    return r.stdout.trim();
  }

  /** Removes an image by tag, and dangling images of ours by id; never a tagged image by id. */
  async removeTag(tag: string): Promise<void> {
    await this.run(['image', 'rm', tag]);
  }

  async removeIfDangling(id: string): Promise<void> {
    const r = await this.run(['image', 'inspect', '--format', '{{len .RepoTags}}', id]);
    if (r.code === 0 && r.stdout.trim() === '0') await this.run(['image', 'rm', id]);
  }
}
