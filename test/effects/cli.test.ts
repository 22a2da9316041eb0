/** `dockerfile-sim build --run-effects FILE` with the built binary, and the bundled multi-stage example. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTreeLine, type BuildResult } from '../../src/index.js';
import { BIN } from '../cli/runCli.js';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

function run(args: string[], cwd = dir): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd?: string): BuildResult {
  const r = run([...args, '--format', 'json'], cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as BuildResult;
}

const lines = (result: BuildResult): string[] => result.tree.map((e) => formatTreeLine(e));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-effects-cli-'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    'FROM golang:1.22 AS build\nCOPY src/ /src/\nRUN go build -o /out/server ./src\n\nFROM scratch\nCOPY --from=build /out/ /usr/local/bin/\nRUN setup\n',
  );
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'main.go'), 'package main\n');
  mkdirSync(join(dir, 'fixtures', 'out'), { recursive: true });
  writeFileSync(join(dir, 'fixtures', 'out', 'server'), 'ELF\n');
  chmodSync(join(dir, 'fixtures', 'out', 'server'), 0o755);
  writeFileSync(
    join(dir, 'effects.yaml'),
    [
      'stages:',
      '  build:',
      '    produces:',
      '      - path: /out',
      '        from: fixtures/out',
      'runs:',
      '  - match: setup',
      '    dirs: [{ path: /data, owner: "65534:65534", mode: "0700" }]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'effects.json'),
    JSON.stringify({
      stages: { build: { produces: [{ path: '/out', from: './fixtures/out' }] } },
      runs: [{ regex: '^setup$', links: [{ path: '/usr/local/bin/app', target: 'server' }] }],
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerfile-sim build --run-effects', () => {
  it('takes a YAML file and prints what was declared', () => {
    const r = run(['build', '--run-effects', 'effects.yaml', '.']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Builder: buildkit, target: stage-1

Stages:
  #0 build    FROM golang:1.22  BUILT  (needed by "stage-1" (COPY --from at line 6))
  #1 stage-1  FROM scratch  BUILT  (target)

Order: build -> stage-1

Config:
  Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
  WorkingDir: "/"

Tree (8 entries):
  drwx------ 65534:65534 /data/
  drwxr-xr-x 0:0 /dev/
  drwxr-xr-x 0:0 /proc/
  drwxr-xr-x 0:0 /sys/
  drwxr-xr-x 0:0 /usr/
  drwxr-xr-x 0:0 /usr/local/
  drwxr-xr-x 0:0 /usr/local/bin/
  -rwxr-xr-x 0:0 4 /usr/local/bin/server

Declared (run effects):
  build: /out (stages.build.produces[0])
  line 7: RUN setup (runs[0])

Not modelled (the final image does not depend on these steps):
  line 1: FROM golang:1.22 (no fixture for image "golang:1.22": its files and config are unknown (pass --image golang:1.22=<docker save archive>))
  line 3: RUN go build -o /out/server ./src (/bin/sh is not among the known files of this stage)
`);
  });

  it('takes a JSON file the same way', () => {
    const result = json(['build', '--builder', 'classic', '--run-effects', 'effects.json', '.']);
    expect(lines(result)).toEqual([
      'drwxr-xr-x 0:0 /usr/',
      'drwxr-xr-x 0:0 /usr/local/',
      'drwxr-xr-x 0:0 /usr/local/bin/',
      'lrwxrwxrwx 0:0 /usr/local/bin/app -> server',
      '-rwxr-xr-x 0:0 4 /usr/local/bin/server',
    ]);
    expect(result.partial).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('is a usage error (exit 2) when the file is malformed', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'stages:\n  build:\n    produces:\n      - path: out\n        content: x\n');
    const r = run(['build', '--run-effects', 'bad.yaml', '.']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dockerfile-sim: run effects: stages.build.produces[0].path: must be an absolute path (starting with "/")\n');
  });

  it('warns about a declaration that applied nowhere', () => {
    writeFileSync(join(dir, 'typo.yaml'), 'runs:\n  - match: "go build -o /out/server ./scr"\n');
    const r = run(['build', '--run-effects', 'typo.yaml', '.']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nwarning: run effects: runs[0] (match "go build -o /out/server ./scr") matched no RUN\n');
  });
});

describe('examples/multi-stage with examples/multi-stage/run-effects.yaml', () => {
  const IMAGES = [
    '--image',
    'node:16-bullseye=scenarios/images/node_16-bullseye.tar',
    '--image',
    'node:16.13.0-alpine3.13=scenarios/images/node_16.13.0-alpine3.13.tar',
  ];

  it('is complete and exact once stage dev declares /app/dist', () => {
    const failing = run(['build', 'examples/multi-stage', ...IMAGES, '--format', 'json'], ROOT);
    expect(failing.code).toBe(1);
    const without = JSON.parse(failing.stdout) as BuildResult;
    const declared = json(['build', 'examples/multi-stage', ...IMAGES, '--run-effects', 'examples/multi-stage/run-effects.yaml'], ROOT);
    // With the stand-in images, npm is a stub that builds nothing: like the real build
    // (scenario seed/earlier-stage-files-npm), the COPY of /app/dist then fails.
    expect(without.failure?.message).toBe('failed to compute cache key: failed to calculate checksum of ref <ref>: "/app/dist": not found');
    expect(declared.partial).toBe(false);
    expect(declared.warnings).toEqual([]);
    expect(declared.declaredEffects).toEqual([{ declaration: 'stages.dev.produces[0]', stage: 'dev', what: '/app/dist' }]);
    // Only the built output differs: /app holds exactly what `npm run build` put in dist/.
    expect(lines(declared).filter((l) => l.includes(' /app'))).toEqual(['drwxr-xr-x 0:0 /app/', '-rw-r--r-- 0:0 42 /app/index.js']);
    const entry = declared.tree.find((e) => e.path === '/app/index.js');
    const built = readFileSync(join(ROOT, 'examples', 'multi-stage', 'app', 'index.js'));
    expect(entry?.sha256).toBe(createHash('sha256').update(built).digest('hex'));
    expect(declared.unknowns).toEqual([]);
  });
});
