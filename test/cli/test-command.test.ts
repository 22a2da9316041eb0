/** `dockerfile-sim test`: the built binary on structure test configs, exact output and exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';

let dir: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PASSING = `schemaVersion: 2.0.0
commandTests:
  - name: node runs
    command: node
    args: [index.js]
fileExistenceTests:
  - name: index.js
    path: /app/index.js
    permissions: -rw-r--r--
    uid: 1000
fileContentTests:
  - name: logs
    path: /app/index.js
    expectedContents: ['console\\.log']
metadataTest:
  cmd: [node, index.js]
  workdir: /app
  user: '1000'
`;

const FAILING = `schemaVersion: 2.0.0
fileExistenceTests:
  - name: no secrets
    path: /app/.env
    shouldExist: false
  - name: root owned
    path: /app/index.js
    uid: 0
metadataTest:
  exposedPorts: ['3000']
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-cli-test-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'index.js'), 'console.log(1)\n');
  writeFileSync(join(dir, 'app', '.env'), 'SECRET=1\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY --chown=1000:1000 app/ /app/\nWORKDIR /app\nUSER 1000\nCMD ["node", "index.js"]\n');
  writeFileSync(join(dir, 'passing.yaml'), PASSING);
  writeFileSync(join(dir, 'failing.yaml'), FAILING);
  writeFileSync(join(dir, 'broken.yaml'), 'schemaVersion: 2.0.0\nfileExistenceTests:\n  - name: x\n    path: /x\n    exists: true\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerfile-sim test', () => {
  it('prints CST text output and exits 0 when every test that can run passes', () => {
    const r = run(['test', '--config', 'passing.yaml', '.']);
    expect(r.stdout).toBe(`
=====================================
====== Test file: passing.yaml ======
=====================================
=== RUN: Command Test: node runs
--- NOT RUN (needs a container)
duration: 0s
=== RUN: File Content Test: logs
--- PASS
duration: 0s
=== RUN: File Existence Test: index.js
--- PASS
duration: 0s
=== RUN: Metadata Test
--- PASS
duration: 0s

=====================================
============== RESULTS ==============
=====================================
Passes:      3
Failures:    0
Not run:     1
Duration:    0s
Total tests: 3

PASS
`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('exits 1 on a failure, every config reported together as CST does', () => {
    const r = run(['test', '-c', 'passing.yaml', '-c', 'failing.yaml', '-c', 'broken.yaml', '.']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('====== Test file: passing.yaml ======\n');
    expect(r.stdout).toContain(`=== RUN: File Existence Test: no secrets
--- FAIL
duration: 0s
Error: File /app/.env should not exist but does
=== RUN: File Existence Test: root owned
--- FAIL
duration: 0s
Error: /app/index.js has incorrect user ownership. Expected: 0, Actual: 1000
=== RUN: Metadata Test
--- FAIL
duration: 0s
Error: Port 3000 not found in config
=== RUN: 
--- FAIL
duration: 0s
Error: error parsing config file: error unmarshalling config: yaml: unmarshal errors:
  line 5: field exists not found in type v2.FileExistenceTest
`);
    expect(r.stdout.endsWith('Passes:      3\nFailures:    4\nNot run:     1\nDuration:    0s\nTotal tests: 7\n\nFAIL\n')).toBe(true);
  });

  it('prints JSON and JUnit, and writes --test-report (JSON unless junit)', () => {
    const json = run(['test', '--config', 'failing.yaml', '--output', 'json', '.']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      Pass: 0,
      Fail: 3,
      Total: 3,
      Duration: 0,
      Results: [
        { Name: 'File Existence Test: no secrets', Pass: false, Errors: ['File /app/.env should not exist but does'], Duration: 0 },
        { Name: 'File Existence Test: root owned', Pass: false, Errors: ['/app/index.js has incorrect user ownership. Expected: 0, Actual: 1000'], Duration: 0 },
        { Name: 'Metadata Test', Pass: false, Errors: ['Port 3000 not found in config'], Duration: 0 },
      ],
    });
    const junit = run(['test', '--config', 'passing.yaml', '--output', 'junit', '--junit-suite-name', 'app', '.']);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><testsuites failures="0" skipped="1" tests="4" time="0"><testsuite name="app">' +
        '<testcase name="Command Test: node runs" time="0"><skipped message="needs a container"></skipped><system-out></system-out><system-err></system-err></testcase>' +
        '<testcase name="File Content Test: logs" time="0"><system-out></system-out><system-err></system-err></testcase>' +
        '<testcase name="File Existence Test: index.js" time="0"><system-out></system-out><system-err></system-err></testcase>' +
        '<testcase name="Metadata Test" time="0"><system-out></system-out><system-err></system-err></testcase>' +
        '</testsuite></testsuites>\n',
    );
    const report = run(['test', '--config', 'passing.yaml', '--test-report', 'report.json', '.']);
    expect(report).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ Pass: 3, Fail: 0, NotRun: 1 });
  });

  it('exits 1 with the build error when the build fails, and 2 on bad usage', () => {
    writeFileSync(join(dir, 'Dockerfile.bad'), 'FROM scratch\nCOPY missing.txt /\n');
    const failed = run(['test', '--config', 'passing.yaml', '-f', 'Dockerfile.bad', '.']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^dockerfile-sim: Dockerfile.bad:2:1: /);
    expect(run(['test', '.']).code).toBe(2); // --config is required
    expect(run(['test', '--config', 'passing.yaml', '--output', 'xml', '.']).code).toBe(2);
  });

  it('tests a compose service', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    build:\n      context: .\n      labels:\n        team: core\n');
    writeFileSync(join(dir, 'labels.yaml'), 'schemaVersion: 2.0.0\nmetadataTest:\n  labels:\n    - key: team\n      value: core\n    - key: com.docker.compose.service\n      value: app\n');
    const r = run(['test', '--config', 'labels.yaml', '--compose', 'compose.yaml', '--service', 'app', '--output', 'json']);
    expect(r.stdout).toBe('{"Pass":1,"Fail":0,"Total":1,"Duration":0,"Results":[{"Name":"Metadata Test","Pass":true,"Duration":0}]}\n');
    expect(r.code).toBe(0);
  });
});
