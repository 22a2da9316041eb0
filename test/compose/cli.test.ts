/** `dockerfile-sim build --compose FILE --service NAME` through the built binary. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli/runCli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_16 = join(ROOT, 'scenarios', 'images', 'node_16-bullseye.tar');
let dir: string;

function run(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-compose-cli-'));
  cpSync(join(ROOT, 'examples', 'multi-stage'), join(dir, 'backend'), { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), 'name: shop\nservices:\n  backend:\n    build:\n      context: ./backend\n      target: ${BACKEND_TARGET:-dev}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerfile-sim build --compose', () => {
  it("builds the service's target from its build section", () => {
    const r = run(['build', '--compose', 'compose.yaml', '--service', 'backend', '--image', `node:16-bullseye=${NODE_16}`, '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.target).toBe('dev');
    expect(result.order).toEqual(['dev']);
    expect(result.config.Labels).toEqual({ 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'backend' });
  });

  it('takes the target from the environment, and --target over it', () => {
    const env = run(['build', '--compose', 'compose.yaml', '--service', 'backend', '--format', 'json'], { BACKEND_TARGET: 'prod' });
    expect(JSON.parse(env.stdout).target).toBe('prod');
    const flag = run(['build', '--compose', 'compose.yaml', '--service', 'backend', '--target', 'dev', '--format', 'json'], { BACKEND_TARGET: 'prod' });
    expect(JSON.parse(flag.stdout).target).toBe('dev');
  });

  it('names the Dockerfile in a failure and refuses conflicting flags', () => {
    writeFileSync(join(dir, 'broken.yaml'), 'services:\n  x:\n    build:\n      context: .\n      dockerfile: Broken.Dockerfile\n');
    writeFileSync(join(dir, 'Broken.Dockerfile'), 'FROM scratch\nCOPY nope /\n');
    const failed = run(['build', '--compose', 'broken.yaml', '--service', 'x']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^dockerfile-sim: Broken\.Dockerfile:2:1: /);
    expect(run(['build', '--compose', 'compose.yaml']).stderr).toBe('dockerfile-sim: --compose needs --service NAME\n');
    expect(run(['build', '--service', 'backend']).code).toBe(2);
    expect(run(['build', '--compose', 'compose.yaml', '--service', 'backend', '-f', 'Dockerfile']).code).toBe(2);
    const missing = run(['build', '--compose', 'compose.yaml', '--service', 'frontend']);
    expect(missing).toMatchObject({ code: 1, stderr: 'dockerfile-sim: no such service: frontend (the compose file has backend)\n' });
  });
});
