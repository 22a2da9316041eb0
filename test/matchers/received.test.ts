import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/index.js';
import { matchers } from '../../src/matchers/index.js';
import { app, build, messageOf } from './builds.js';

const failed = await build('FROM base\nCOPY missing.txt /app/\n');
const partial = await build('FROM base AS build\nCOPY src/ /src/\nRUN make\nFROM base\nCOPY --from=build /src/ /app/\nRUN chmod 600 /app/main.c\n', {
  'src/main.c': 'int main() {}\n',
});

describe('what the matchers accept', () => {
  it('throws a TypeError naming what was passed instead of a BuildResult', () => {
    expect(() => expect(build('FROM base')).toHaveFile('/a')).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveFile(): expected a BuildResult (the value of \`await emulate(…)\`), received a Promise (did you forget \`await\`?)]`);
    expect(() => expect(undefined).toHaveEnv('A')).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveEnv(): expected a BuildResult (the value of \`await emulate(…)\`), received undefined]`);
    expect(() => expect({ tree: [] }).toHaveBuiltStages([])).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveBuiltStages(): expected a BuildResult (the value of \`await emulate(…)\`), received an object with keys tree]`);
    expect(() => expect('FROM base').not.toFailWith('x')).toThrow(TypeError);
  });

  it('works as plain functions, outside any test framework', () => {
    expect(matchers.toHaveFile(app, '/app/package.json').pass).toBe(true);
    const result = matchers.toExposePort.call({ isNot: true }, app, 3000);
    expect(result.pass).toBe(false);
    expect(result.message()).toMatchInlineSnapshot(`
      "expect(result).not.toExposePort(3000)

      Expected: not exposed port 3000/tcp
      Received: exposed ports 8080/tcp, 9229/udp"
    `);
  });
});

describe('a failed build', () => {
  const imageMatchers = [
    () => expect(failed).toHaveFile('/etc/passwd'),
    () => expect(failed).not.toHaveFile('/etc/passwd'),
    () => expect(failed).toHaveDirectory('/app'),
    () => expect(failed).not.toHaveSymlink('/bin/sh'),
    () => expect(failed).toHaveEnv('PATH'),
    () => expect(failed).not.toHaveLabel('a'),
    () => expect(failed).toHaveUser(0),
    () => expect(failed).not.toHaveWorkdir('/app'),
    () => expect(failed).toHaveCmd(['/bin/sh']),
    () => expect(failed).not.toHaveEntrypoint(['x']),
    () => expect(failed).toExposePort(80),
  ];

  it('fails every file and config matcher, with and without .not, naming the error', () => {
    for (const assertion of imageMatchers) expect(messageOf(assertion)).toContain('Received: no image: the build fails at Dockerfile:2:1 (source-not-found)');
    expect(messageOf(() => expect(failed).not.toHaveFile('/etc/passwd'))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveFile("/etc/passwd")

      Expected: not a file at /etc/passwd
      Received: no image: the build fails at Dockerfile:2:1 (source-not-found)
        failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found"
    `);
  });

  it('still answers toHaveBuiltStages and toFailWith', () => {
    expect(failed).toHaveBuiltStages(['stage-0']);
    expect(failed).toFailWith('source-not-found', { line: 2 });
  });
});

describe('a partial prediction', () => {
  it('passes what it knows', () => {
    expect(partial.partial).toBe(true);
    expect(partial).toHaveFile('/app/main.c', { content: 'int main() {}\n' });
    expect(partial).toHaveBuiltStages(['build', 'stage-1']);
  });

  it('says what it did not model when an expectation fails', () => {
    expect(messageOf(() => expect(partial).toHaveFile('/app/main'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/main")

      Expected: a file at /app/main
      Received: /app/main does not exist
        /app/ holds:
          -rw------- 0:0 14 /app/main.c

      Note: partial prediction, a real build may differ; not modelled:
        line 3: RUN make (a command it runs is not among the known files of this stage)"
    `);
    // The chmod in the final stage runs on the built-in shell, so the mode is known.
    expect(partial).toHaveFile('/app/main.c', { mode: 0o600 });
  });
});

describe('content the prediction does not know', () => {
  const copy = JSON.parse(JSON.stringify(app)) as BuildResult;
  const noHash: BuildResult = { ...copy, tree: copy.tree.map((e) => (e.path === '/app/package.json' ? { ...e, sha256: undefined } : e)) };

  it('compares exact content by hash, even on a JSON copy of the result', () => {
    expect(copy).toHaveFile('/app/package.json', { content: '{"name":"app"}\n', owner: '1000:1000' });
    expect(copy).not.toHaveFile('/app/package.json', { content: 'x' });
  });

  it('fails both ways when the content cannot be known', () => {
    const re = () => expect(copy).toHaveFile('/app/package.json', { content: /app/ });
    expect(messageOf(re)).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { content: /app/ })

      Expected: a file at /app/package.json with content matching /app/
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        cannot read /app/package.json: this result has no files (pass the object emulate() returned, not a copy)"
    `);
    expect(messageOf(() => expect(copy).not.toHaveFile('/app/package.json', { content: /app/ }))).toContain('cannot read /app/package.json');
    expect(messageOf(() => expect(noHash).toHaveFile('/app/package.json', { content: 'x' }))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { content: "x" })

      Expected: a file at /app/package.json with content "x"
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        the content of /app/package.json is not known; it comes from line 6: COPY --from=deps --chown=node:node /src/package.json /app/"
    `);
    expect(messageOf(() => expect(noHash).not.toHaveFile('/app/package.json', { content: 'x' }))).toContain('is not known');
  });

  it('still fails plainly on what is known to differ', () => {
    expect(noHash).not.toHaveFile('/app/package.json', { content: 'x', mode: 0o600 });
  });

  it('reads a hard link\'s content and metadata from the file it names', () => {
    const file = copy.tree.find((e) => e.path === '/app/package.json')!;
    const linked: BuildResult = { ...copy, tree: [...copy.tree, { ...file, path: '/app/link.json', type: 'hardlink', size: 0, sha256: undefined, linkTarget: file.path }] };
    expect(linked).toHaveFile('/app/link.json', { content: '{"name":"app"}\n', owner: '1000:1000' });
    expect(linked).not.toHaveDirectory('/app/link.json');
  });

  it('cannot look names up without the files', () => {
    expect(messageOf(() => expect(copy).toHaveFile('/app/package.json', { owner: 'node' }))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { owner: "node" })

      Expected: a file at /app/package.json with owner node
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        cannot look up user "node": this result has no files (pass the object emulate() returned, not a copy)"
    `);
  });
});

describe('a base image without a fixture', () => {
  it('cannot tell a user name\'s id, and says so both ways', async () => {
    const unknownBase = await build('FROM node:20-slim\nUSER node\n');
    expect(messageOf(() => expect(unknownBase).toHaveUser(1000))).toMatchInlineSnapshot(`
      "expect(result).toHaveUser(1000)

      Expected: User "1000"
      Received: User "node"
        cannot look up user "node": /etc/passwd is not in the predicted image, whose base files may be unknown

      Note: partial prediction, a real build may differ; not modelled:
        line 1: FROM node:20-slim (no fixture for image "node:20-slim": its files and config are unknown (pass --image node:20-slim=<docker save archive>))"
    `);
    expect(messageOf(() => expect(unknownBase).not.toHaveUser(1000))).toContain('cannot look up user "node"');
    expect(unknownBase).toHaveUser('node');
  });
});
