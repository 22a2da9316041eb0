import { describe, expect, it } from 'vitest';
import { app, build, messageOf } from './builds.js';

const missing = await build('FROM base AS deps\nCOPY package.json /\nFROM base\nCOPY --from=deps /package.json /app/\nCOPY src/ /app/src/\n', {
  'package.json': '{}',
});
const parse = await build('FROM base\nCOPY --frm=x a /\n');

describe('toHaveBuiltStages', () => {
  it('passes for the exact build order', async () => {
    expect(app).toHaveBuiltStages(['deps', 'prod']);
    expect(app).not.toHaveBuiltStages(['prod', 'deps']);
    expect(app).not.toHaveBuiltStages(['deps', 'test', 'prod']);
    const classic = await build('FROM base AS a\nFROM base AS b\n', {}, { builder: 'classic' });
    expect(classic).toHaveBuiltStages(['a', 'b']);
    expect(missing).toHaveBuiltStages(['deps', 'stage-1']);
  });

  it('fails listing every stage, skipped ones with why', () => {
    expect(messageOf(() => expect(app).toHaveBuiltStages(['deps', 'test', 'prod']))).toMatchInlineSnapshot(`
      "expect(result).toHaveBuiltStages(["deps", "test", "prod"])

      Expected: built stages deps -> test -> prod
      Received: built stages deps -> prod
        #0 deps  built    needed by "prod" (COPY --from at line 6)
        #1 test  skipped  the target "prod" does not depend on it
        #2 prod  built    target"
    `);
    expect(messageOf(() => expect(app).not.toHaveBuiltStages(['deps', 'prod']))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveBuiltStages(["deps", "prod"])

      Expected: not built stages deps -> prod
      Received: built stages deps -> prod
        #0 deps  built    needed by "prod" (COPY --from at line 6)
        #1 test  skipped  the target "prod" does not depend on it
        #2 prod  built    target"
    `);
    expect(messageOf(() => expect(missing).toHaveBuiltStages(['deps']))).toMatchInlineSnapshot(`
      "expect(result).toHaveBuiltStages(["deps"])

      Expected: built stages deps
      Received: built stages deps -> stage-1
        #0 deps     built   needed by "stage-1" (COPY --from at line 4)
        #1 stage-1  failed  target
        the build fails at Dockerfile:5:1 (source-not-found)"
    `);
  });

  it('rejects what is not a list of names', () => {
    expect(() => expect(app).toHaveBuiltStages('prod' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveBuiltStages(): the stage names must be an array of strings, received "prod"]`);
  });
});

describe('toFailWith', () => {
  it('passes for a failure code, message text or pattern, and line', () => {
    expect(missing).toFailWith('source-not-found');
    expect(missing).toFailWith('"/src": not found');
    expect(missing).toFailWith(/checksum of ref .*: "\/src"/);
    expect(missing).toFailWith('source-not-found', { line: 5 });
    expect(parse).toFailWith('unknown-flag', { line: 2 });
    expect(missing).not.toFailWith('source-not-found', { line: 4 });
    expect(missing).not.toFailWith('parse-error');
    expect(app).not.toFailWith(/./);
  });

  it('fails with the actual failure, or the successful build', () => {
    expect(messageOf(() => expect(missing).toFailWith('file-conflict'))).toMatchInlineSnapshot(`
      "expect(result).toFailWith("file-conflict")

      Expected: a failure with code file-conflict
      Received: the build fails at Dockerfile:5:1 (source-not-found)
        failed to compute cache key: failed to calculate checksum of ref <ref>: "/src": not found"
    `);
    expect(messageOf(() => expect(missing).toFailWith('not found', { line: 2 }))).toMatchInlineSnapshot(`
      "expect(result).toFailWith("not found", { line: 2 })

      Expected: a failure with a message containing "not found" at line 2
      Received: the build fails at Dockerfile:5:1 (source-not-found)
        failed to compute cache key: failed to calculate checksum of ref <ref>: "/src": not found"
    `);
    expect(messageOf(() => expect(app).toFailWith(/unknown flag/))).toMatchInlineSnapshot(`
      "expect(result).toFailWith(/unknown flag/)

      Expected: a failure with a message matching /unknown flag/
      Received: a successful build: deps -> prod"
    `);
    expect(messageOf(() => expect(parse).not.toFailWith('unknown flag'))).toMatchInlineSnapshot(`
      "expect(result).not.toFailWith("unknown flag")

      Expected: not a failure with a message containing "unknown flag"
      Received: the build fails at Dockerfile:2:1 (unknown-flag)
        dockerfile parse error on line 2: unknown flag: frm (did you mean from?)"
    `);
  });

  it('rejects misuse', () => {
    expect(() => expect(missing).toFailWith('')).toThrowErrorMatchingInlineSnapshot(`[TypeError: toFailWith(): expected a FailureCode, a message substring or a RegExp, received ""]`);
    expect(() => expect(missing).toFailWith('x', { line: 0 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: toFailWith(): line must be a positive integer, received 0]`);
    expect(() => expect(missing).toFailWith('x', { lines: 2 } as never)).toThrow(TypeError);
  });
});
