import { beforeAll, describe, expect, it } from 'vitest';
import { emulate, inlineImage, type BuildResult } from '../../src/index.js';
import { contentFromHash } from '../../src/fs/content.js';
import type { LoadedImage } from '../../src/images/image.js';
import { formatStructureReport, parseStructureTests, runStructureTests, type StructureTestSpec } from '../../src/structure/index.js';

/** A base with a setuid binary, a sticky /tmp, a symlink, Debian copyright files, and one file known only by hash. */
function base(): LoadedImage {
  const image = inlineImage({
    files: {
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
      '/bin/busybox': { content: '#!busybox', mode: 0o4755 },
      '/bin/sh': { target: 'busybox' },
      '/tmp': { type: 'dir', mode: 0o1777 },
      '/usr/share/doc/libfoo/copyright': 'License: GPL-2+\n',
      '/usr/share/doc/libgnutls30/copyright': 'Some AGPL text CST whitelists\n',
      '/usr/share/doc/tool/copyright': 'License: WTFPL\n',
      '/usr/share/doc/README': 'not a package\n',
      '/usr/bin': { type: 'dir' },
    },
    config: { Env: ['PATH=/usr/bin:/bin', 'NODE_VERSION=16.20.2', 'EMPTY='], Cmd: ['node'], ExposedPorts: { '9229/tcp': {} } },
  });
  // As an image fixture leaves a file whose content it did not keep.
  const node = image.tree.get('/bin/busybox');
  if (node?.type !== 'file') throw new Error('fixture');
  image.tree.set('/usr/bin/node', { ...node, mode: 0o755, content: contentFromHash(80_000_000, 'ab'.repeat(32)) });
  return image;
}

let result: BuildResult;

beforeAll(async () => {
  result = await emulate({
    dockerfile: 'FROM base\nCOPY app.js /app/\nWORKDIR /app\nENV NODE_ENV=production\nEXPOSE 8080 53/udp\nLABEL org.opencontainers.image.version=1.2.3\nVOLUME /data\nUSER app\nENTRYPOINT ["node"]\nCMD ["app.js"]\n',
    context: { 'app.js': 'console.log("hello")\n' },
    images: { base: base() },
  });
  expect(result.status).toBe('success');
});

const run = (yaml: string) => runStructureTests(result, parseStructureTests(`schemaVersion: 2.0.0\n${yaml}`, 'spec.yaml'));

describe('runStructureTests', () => {
  it('passes a spec that holds for the image, with CST text output', () => {
    const report = run(`
fileExistenceTests:
  - name: app
    path: /app/app.js
    permissions: -rw-r--r--
    uid: 0
    gid: 0
  - name: busybox is setuid
    path: /bin/busybox
    permissions: urwxr-xr-x
    isExecutableBy: other
  - name: sh is a link
    path: /bin/sh
    permissions: Lrwxrwxrwx
  - name: tmp is sticky
    path: /tmp
    permissions: dtrwxrwxrwx
  - name: no node in /opt
    path: /opt/node-$NODE_VERSION
    shouldExist: false
fileContentTests:
  - name: app prints hello
    path: /app/app.js
    expectedContents: ['console\\.log\\("hello"\\)', '(?m)^console']
    excludedContents: ['debugger']
metadataTest:
  envVars:
    - key: NODE_VERSION
      value: '^16\\.\\d+\\.\\d+$'
      isRegex: true
    - key: NODE_ENV
      value: production
  unboundEnvVars:
    - key: DEBUG
  labels:
    - key: org.opencontainers.image.version
      value: 1.2.3
  exposedPorts: ['8080', '53', '9229']
  unexposedPorts: ['80']
  volumes: [/data]
  unmountedVolumes: [/var]
  entrypoint: [node]
  cmd: [app.js]
  workdir: /app
  user: app
`);
    expect(formatStructureReport(report, 'text', { files: ['tests/spec.yaml'] })).toBe(`
==================================
====== Test file: spec.yaml ======
==================================
=== RUN: File Content Test: app prints hello
--- PASS
duration: 0s
=== RUN: File Existence Test: app
--- PASS
duration: 0s
=== RUN: File Existence Test: busybox is setuid
--- PASS
duration: 0s
=== RUN: File Existence Test: sh is a link
--- PASS
duration: 0s
=== RUN: File Existence Test: tmp is sticky
--- PASS
duration: 0s
=== RUN: File Existence Test: no node in /opt
--- PASS
duration: 0s
=== RUN: Metadata Test
--- PASS
duration: 0s

===================================
============= RESULTS =============
===================================
Passes:      7
Failures:    0
Duration:    0s
Total tests: 7

PASS
`);
    expect(report).toMatchObject({ passes: 7, failures: 0, notRun: 0, pass: true, notes: [] });
  });

  it('reports each failure with CST messages', () => {
    const report = run(`
fileExistenceTests:
  - name: perms
    path: /app/app.js
    permissions: -rwxr-xr-x
    isExecutableBy: any
    uid: 1000
    gid: 1000
  - name: missing
    path: /app/missing.js
  - name: not expected
    path: /bin/sh
    shouldExist: false
  - name: bad option
    path: /tmp
    isExecutableBy: everyone
fileContentTests:
  - name: content
    path: /app/app.js
    expectedContents: ['goodbye', '(?=lookahead)']
    excludedContents: ['hello']
  - name: directory
    path: /app
metadataTest:
  envVars:
    - key: NODE_VERSION
      value: '18'
    - key: MISSING
      value: x
  unboundEnvVars:
    - key: NODE_ENV
  labels:
    - key: org.opencontainers.image.version
      value: '^2'
      isRegex: true
  exposedPorts: ['8080/tcp']
  unexposedPorts: ['53']
  volumes: [/var]
  unmountedVolumes: [/data]
  entrypoint: [/bin/sh, -c]
  cmd: [server.js]
  workdir: /srv
  user: root
`);
    expect(report.results.map((r) => [r.name, r.status, r.errors])).toEqual([
      [
        'File Content Test: content',
        'fail',
        [
          "Expected string 'goodbye' not found in file content string 'console.log(\"hello\")\n'",
          "Expected string '(?=lookahead)' not found in file content string 'console.log(\"hello\")\n'",
          "Excluded string 'hello' found in file content string 'console.log(\"hello\")\n'",
        ],
      ],
      ['File Content Test: directory', 'fail', ['Failed to open /app. Error: Cannot read specified path: /app is a directory, not a file']],
      [
        'File Existence Test: perms',
        'fail',
        [
          '/app/app.js has incorrect permissions. Expected: -rwxr-xr-x, Actual: -rw-r--r--',
          '/app/app.js has incorrect executable bit. Expected to be executable by any, Actual: -rw-r--r--',
          '/app/app.js has incorrect user ownership. Expected: 1000, Actual: 0',
          '/app/app.js has incorrect group ownership. Expected: 1000, Actual: 0',
        ],
      ],
      ['File Existence Test: missing', 'fail', ['Error examining file in container: File /app/missing.js not found in image']],
      ['File Existence Test: not expected', 'fail', ['File /bin/sh should not exist but does']],
      ['File Existence Test: bad option', 'fail', ['everyone not recognised as a valid option']],
      [
        'Metadata Test',
        'fail',
        [
          'env var NODE_VERSION value 16.20.2 does not match expected value: 18',
          'variable MISSING not found in image env',
          'env variable NODE_ENV should not be present in image metadata',
          'label org.opencontainers.image.version value 1.2.3 does not match expected value: ^2',
          // Same length: CST compares element by element, with another message.
          'Image config Cmd [app.js] does not match expected value: [server.js]',
          'Image entrypoint [node] does not match expected entrypoint: [/bin/sh -c]',
          'Image workdir /app does not match config workdir: /srv',
          'Image user app does not match config user: root',
          // CST compares port numbers only: a protocol never matches.
          'Port 8080/tcp not found in config',
          'Port 53 should not be exposed',
          'Volume /var not found in config',
          'Volume /data should not be mounted',
        ],
      ],
    ]);
    expect(report).toMatchObject({ passes: 0, failures: 7, pass: false });
  });

  it('does not run command tests, nor decide on content it does not know', () => {
    const report = run(`
commandTests:
  - name: node version
    command: node
    args: [--version]
    expectedOutput: ['v16']
  - name: ''
    command: ''
fileContentTests:
  - name: node binary
    path: /usr/bin/node
    expectedContents: ['ELF']
  - name: partial case folding
    path: /app/app.js
    expectedContents: ['(?i)CONSOLE(?-i)\\.log']
fileExistenceTests:
  - name: node binary exists
    path: /usr/bin/node
    isExecutableBy: owner
`);
    const text = formatStructureReport(report, 'text');
    expect(text).toBe(`=== RUN: Command Test: node version
--- NOT RUN (needs a container)
duration: 0s
=== RUN: 
--- FAIL
duration: 0s
Error: Please provide a valid name for every test
Error: Please provide a valid command to run for test 
=== RUN: File Content Test: node binary
--- NOT RUN (the content of /usr/bin/node is not known to the emulation)
duration: 0s
=== RUN: File Content Test: partial case folding
--- NOT RUN (the Go regular expression "(?i)CONSOLE(?-i)\\\\.log" is not translated: case-insensitivity ((?i)) for only part of the expression)
duration: 0s
=== RUN: File Existence Test: node binary exists
--- PASS
duration: 0s

===========================
========= RESULTS =========
===========================
Passes:      1
Failures:    1
Not run:     3
Duration:    0s
Total tests: 2

FAIL
`);
  });

  it('says "No tests run!" when nothing could be decided, which CST counts as a failure', () => {
    const report = run('commandTests:\n  - name: a\n    command: true\n');
    expect(report.pass).toBe(false);
    expect(formatStructureReport(report, 'text')).toBe('=== RUN: Command Test: a\n--- NOT RUN (needs a container)\nduration: 0s\nNo tests run! Check config file format.\n');
  });

  it('checks Debian copyright files, skipping the whitelisted package and non-directories', () => {
    expect(run('licenseTests:\n  - debian: true\n    files: [/etc/passwd, /nope]\n').results).toEqual([
      {
        kind: 'license',
        name: 'License Test',
        status: 'fail',
        errors: ['Invalid license for /usr/share/doc/tool/copyright, license contains WTFPL', 'Error reading license file for /nope: File /nope not found in image'],
      },
    ]);
  });

  it('does not pass a license test on a file whose content it does not know', () => {
    expect(run('licenseTests:\n  - files: [/etc/passwd, /usr/bin/node]\n').results).toEqual([
      { kind: 'license', name: 'License Test', status: 'not-run', errors: [], reason: 'the content of 1 license file(s) is not known (/usr/bin/node)' },
    ]);
  });

  it('substitutes globalEnvVars and the image env in file existence paths (os.Expand)', () => {
    const report = run(`
globalEnvVars:
  - key: APP_DIR
    value: /app
  - key: NODE_DIR
    value: /opt/node-$NODE_VERSION
fileExistenceTests:
  - name: app dir
    path: \${APP_DIR}/app.js
  - name: node dir
    path: $NODE_DIR
    shouldExist: false
`);
    expect(report.results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('prints JSON and JUnit as CST does, with tests not run marked', () => {
    const report = run(`
commandTests:
  - name: echo
    command: echo
fileExistenceTests:
  - name: <app>
    path: /app/app.js
    uid: 7
`);
    expect(formatStructureReport(report, 'json')).toBe(
      '{"Pass":0,"Fail":1,"Total":1,"Duration":0,"Results":[' +
        '{"Name":"Command Test: echo","Pass":false,"Duration":0,"NotRun":true,"Reason":"needs a container"},' +
        '{"Name":"File Existence Test: \\u003capp\\u003e","Pass":false,"Errors":["/app/app.js has incorrect user ownership. Expected: 7, Actual: 0"],"Duration":0}],"NotRun":1}\n',
    );
    expect(formatStructureReport(report, 'junit', { junitSuiteName: 'image "app"' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><testsuites failures="1" skipped="1" tests="2" time="0"><testsuite name="image &#34;app&#34;">' +
        '<testcase name="Command Test: echo" time="0"><skipped message="needs a container"></skipped><system-out></system-out><system-err></system-err></testcase>' +
        '<testcase name="File Existence Test: &lt;app&gt;" time="0"><failure>/app/app.js has incorrect user ownership. Expected: 7, Actual: 0</failure><system-out></system-out><system-err></system-err></testcase>' +
        '</testsuite></testsuites>\n',
    );
  });

  it('notes a partial build, and refuses a failed one', async () => {
    const partial = await emulate({ dockerfile: 'FROM base\nRUN ./configure && make install\n', images: { base: base() } });
    const spec: StructureTestSpec = { schemaVersion: '2.0.0', fileExistenceTests: [{ name: 'passwd', path: '/etc/passwd' }] };
    const report = runStructureTests(partial, spec);
    expect(report.notes).toEqual(['the build has steps whose effect is not modelled (line 2): a real image may differ where they act']);
    const failed = await emulate({ dockerfile: 'FROM base\nCOPY missing /x\n', images: { base: base() } });
    expect(() => runStructureTests(failed, spec)).toThrow(new TypeError('runStructureTests(): the build failed, so there is no image to test'));
  });
});
