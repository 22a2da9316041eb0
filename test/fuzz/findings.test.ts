/**
 * The crashes and hangs fuzzing and the hostile tests found, each as its minimal input: all now
 * end in a result, quickly. (Contexts on disk: test/hostile/context.test.ts covers the names
 * that are not UTF-8 and the paths longer than PATH_MAX, which used to throw out of emulate().)
 */
import { describe, expect, it } from 'vitest';
import { emulate, type BuilderMode, type EmulateOptions } from '../../src/index.js';

const cpuBound = async (options: EmulateOptions, ms = 3000) => {
  const start = process.cpuUsage();
  const result = await emulate(options);
  const used = process.cpuUsage(start);
  expect((used.user + used.system) / 1000).toBeLessThan(ms);
  expect(() => JSON.stringify(result)).not.toThrow();
  return result;
};

describe.each<BuilderMode>(['buildkit', 'classic'])('fuzz findings (%s)', (builder) => {
  it('a COPY source through a symlink loop threw TooManyLinksError out of emulate()', async () => {
    const r = await cpuBound({ dockerfile: 'FROM scratch\nCOPY a/b /x\n', context: { a: { symlink: 'a' } }, builder });
    expect(r.failure).toMatchObject({ code: 'file-conflict', range: { start: { line: 2 } } });
  });

  it('a copied directory holding a symlink loop made JSON.stringify(result) throw (classic history hash)', async () => {
    const r = await cpuBound({ dockerfile: 'FROM scratch\nCOPY . a /\n', context: { a: 'a\n', loop: { symlink: 'loop' } }, builder });
    expect(r.status).toBe('success');
  });

  it('RUN after a file took the place of /dev, or WORKDIR of a file, threw NotADirectoryError', async () => {
    for (const dockerfile of ['FROM scratch\nCOPY a /a\nWORKDIR /a\nRUN true\n', 'FROM scratch\nCOPY a /dev\nRUN true\n']) {
      const r = await cpuBound({ dockerfile, context: { a: 'x' }, builder });
      // The classic builder makes no /dev for RUN: that build succeeds.
      if (builder === 'buildkit' || dockerfile.includes('WORKDIR')) expect(r.failure?.range?.start.line).toBeGreaterThan(1);
    }
  });

  it('a 1,000-deep WORKDIR took more than a minute (cubic path resolution)', async () => {
    const r = await cpuBound({ dockerfile: `FROM scratch\nWORKDIR /${'d/'.repeat(1000)}\n`, builder });
    expect(r.status).toBe('success');
  });

  it('`ENV a=$a$a` on 24 lines (2 KB) ran for minutes and gigabytes', async () => {
    const r = await cpuBound({ dockerfile: 'FROM scratch\nENV a=xxxxxxxx\n' + 'ENV a=$a$a\n'.repeat(24), builder });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
  });

  it('`COPY --from` of each stage into the next doubled the tree per stage (19 stages: 13 s)', async () => {
    let dockerfile = 'FROM scratch AS s0\nCOPY a /a\n';
    for (let i = 1; i < 30; i++) dockerfile += `FROM s${i - 1} AS s${i}\nCOPY --from=s${i - 1} / /x${i}/\n`;
    const r = await cpuBound({ dockerfile, context: { a: 'a' }, builder, limits: { files: 20_000 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
  });
});
