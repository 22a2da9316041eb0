/** The built binary, run as a user runs it: exact output for a fixed example, exit codes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';

let dir: string;

function run(args: string[], cwd = dir): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-cli-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'index.js'), 'console.log(1)\n');
  writeFileSync(
    join(dir, 'Dockerfile'),
    'FROM scratch AS build\nCOPY app/ /src/\n\nFROM scratch AS unused\nWORKDIR /nothing\n\nFROM scratch\nCOPY --from=build /src/index.js /app/\nWORKDIR /app\nUSER 1000\nCMD ["node", "index.js"]\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerfile-sim build', () => {
  it('prints the plan, the config and the tree (BuildKit skips the unused stage)', () => {
    const r = run(['build', '.']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Builder: buildkit, target: stage-2

Stages:
  #0 build    FROM scratch  BUILT  (needed by "stage-2" (COPY --from at line 8))
  #1 unused   FROM scratch  SKIPPED  (the target "stage-2" does not depend on it)
  #2 stage-2  FROM scratch  BUILT  (target)

Order: build -> stage-2

Config:
  User: "1000"
  Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
  Cmd: ["node","index.js"]
  WorkingDir: "/app"
  ArgsEscaped: true

Tree (2 entries):
  drwxr-xr-x 0:0 /app/
  -rw-r--r-- 0:0 15 /app/index.js
`);
    expect(r.stderr).toBe('');
  });

  it('runs every stage up to the target with --builder classic', () => {
    const r = run(['build', '--builder', 'classic', '--format', 'json', '.']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.order).toEqual(['build', 'unused', 'stage-2']);
    expect(result.config).toEqual({
      User: '1000',
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['node', 'index.js'],
      Volumes: null,
      WorkingDir: '/app',
      Entrypoint: null,
      OnBuild: null,
      Labels: null,
    });
  });

  it('builds a --target and writes --metadata-file with the config as docker inspect shows it', () => {
    const meta = join(dir, 'meta.json');
    const r = run(['build', '--target', 'BUILD', '--metadata-file', meta, '.']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(meta, 'utf8'))).toEqual({
      status: 'success',
      order: ['build'],
      config: {
        Hostname: '',
        Domainname: '',
        User: '',
        AttachStdin: false,
        AttachStdout: false,
        AttachStderr: false,
        Tty: false,
        OpenStdin: false,
        StdinOnce: false,
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: null,
        Image: '',
        Volumes: null,
        WorkingDir: '/',
        Entrypoint: null,
        OnBuild: null,
        Labels: null,
      },
    });
  });

  it('writes the final files as a tar with -o type=tar', () => {
    const out = join(dir, 'out.tar');
    expect(run(['build', '-o', `type=tar,dest=${out}`, '.']).code).toBe(0);
    const listing = execFileSync('tar', ['-tvf', out], { encoding: 'utf8' });
    expect(listing).toBe(
      'drwxr-xr-x 0/0               0 1970-01-01 00:00 app/\n-rw-r--r-- 0/0              15 1970-01-01 00:00 app/index.js\n',
    );
  });

  it('exits 1 with Docker\'s message and the position for a build that would fail', () => {
    writeFileSync(join(dir, 'Bad.Dockerfile'), 'FROM scratch\nCOPY missing.txt /x\n');
    const r = run(['build', '-f', 'Bad.Dockerfile', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'dockerfile-sim: Bad.Dockerfile:2:1: failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found\n',
    );
  });

  it('reports a malformed Dockerfile in one line, never a crash', () => {
    writeFileSync(join(dir, 'Broken.Dockerfile'), 'FROM scratch\nCOPY --nope a b\n');
    const r = run(['build', '-f', 'Broken.Dockerfile', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('dockerfile-sim: Broken.Dockerfile:2:1: dockerfile parse error on line 2: unknown flag: nope\n');
  });

  it('exits 2 for bad usage', () => {
    expect(run(['build', '--builder', 'podman', '.']).code).toBe(2);
    expect(run(['build', '--build-arg', 'novalue', '.']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});
