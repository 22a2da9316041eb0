/**
 * Every resource limit: its default, the typed failure naming it and how to raise it, raising it
 * through emulate({ limits }) and the CLI's --limit, and the hangs the limits (and the fixes that
 * came with them) turned into quick results.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, emulate, inlineImage, LIMIT_REASONS, type EmulateOptions } from '../../src/index.js';
import { cli, removeTree, tempDir } from './helpers.js';

const cpuMs = async (run: () => Promise<unknown>): Promise<number> => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const build = (dockerfile: string, extra: Omit<EmulateOptions, 'dockerfile'> = {}) => emulate({ dockerfile, context: { a: 'a\n' }, ...extra });

const raiseHint = (name: string): RegExp => new RegExp(`\\(limit ${name}; raise it with emulate\\(\\{ limits: \\{ ${name}: N \\} \\}\\) or --limit ${name}=N\\)$`);

describe('limits', () => {
  it('have defaults far above real projects, each with its reason', () => {
    expect(DEFAULT_LIMITS).toEqual({
      dockerfileBytes: 1024 * 1024,
      stages: 1000,
      expansionDepth: 200,
      expansionLength: 4 * 1024 * 1024,
      patternSteps: 100_000_000,
      contextEntries: 1_000_000,
      pathDepth: 1024,
      files: 1_000_000,
      archiveBytes: 2 * 1024 ** 3,
      archiveEntries: 1_000_000,
      imageBytes: 100 * 1024 ** 3,
    });
    expect(Object.keys(LIMIT_REASONS).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
  });

  it('refuse misuse with a TypeError naming the limit', async () => {
    await expect(build('FROM scratch\n', { limits: { stages: 0 } })).rejects.toThrow(/limit "stages" must be a positive whole number or Infinity/);
    await expect(build('FROM scratch\n', { limits: { stages: 1.5 } })).rejects.toThrow(TypeError);
    await expect(build('FROM scratch\n', { limits: { bogus: 1 } as never })).rejects.toThrow(/unknown limit "bogus"/);
    await expect(build('FROM scratch\n', { limits: { expansionDepth: 5000 } })).rejects.toThrow(/cannot exceed 1000/);
    await expect(build('FROM scratch\n', { limits: 'big' as never })).rejects.toThrow(TypeError);
  });

  it('dockerfileBytes: a Dockerfile text or file over it fails before parsing (a file is not read)', async () => {
    const r = await build('FROM scratch\n# ' + 'x'.repeat(200) + '\n', { limits: { dockerfileBytes: 100 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/^the Dockerfile's size in bytes: 216, more than 100 /);
    expect(r.failure?.message).toMatch(raiseHint('dockerfileBytes'));
    const dir = tempDir('dfsize');
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n' + '#'.repeat(2 * 1024 * 1024) + '\n');
      const big = await emulate({ context: dir });
      expect(big.failure?.message).toMatch(/the Dockerfile's size in bytes: 2097166, more than 1048576/);
    } finally {
      removeTree(dir);
    }
  });

  it('stages: bounds the stage count, so an ONBUILD chain too', async () => {
    let chain = 'FROM scratch AS s0\nONBUILD COPY a /a\n';
    for (let i = 1; i < 30; i++) chain += `FROM s${i - 1} AS s${i}\nONBUILD COPY a /a${i}\n`;
    const r = await build(chain, { limits: { stages: 20 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/^stages in the Dockerfile: 30, more than 20 /);
    expect((await build(chain)).status).toBe('success');
  });

  it('expansionDepth: nesting deeper fails, located; raised, it expands', async () => {
    const nested = (n: number): string => '${A:-'.repeat(n) + 'x' + '}'.repeat(n);
    const r = await build(`FROM scratch\nENV B=${nested(250)}\n`);
    expect(r.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 2 } } });
    expect(r.failure?.message).toMatch(raiseHint('expansionDepth'));
    const raised = await build(`FROM scratch\nENV B=${nested(250)}\n`, { limits: { expansionDepth: 300 } });
    expect(raised.config?.Env).toContain('B=x');
  });

  it('expansionLength: `ENV a=$a$a` doubling fails quickly instead of running out of memory', async () => {
    const doubling = 'FROM scratch\nENV a=xxxxxxxx\n' + 'ENV a=$a$a\n'.repeat(40);
    let r: Awaited<ReturnType<typeof build>> | undefined;
    expect(await cpuMs(async () => (r = await build(doubling)))).toBeLessThan(5000);
    expect(r!.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 22 } } });
    expect(r!.failure?.message).toMatch(/^a word expands to more than 4194304 characters /);
    const replace = await build('FROM scratch\nENV a=xxxxxxxxxx\nENV b=${a//x/$a$a$a$a$a$a$a$a$a$a}\n', { limits: { expansionLength: 50 } });
    expect(replace.failure?.message).toMatch(raiseHint('expansionLength'));
  });

  it('patternSteps: bounds value × pattern of ${v#p}, ${v%p}, ${v/p/r}', async () => {
    const r = await build(`FROM scratch\nENV a=${'x'.repeat(100)}\nENV b=\${a##*y*${'?'.repeat(20)}}\n`, { limits: { patternSteps: 1000 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 3 } } });
    expect(r.failure?.message).toMatch(/^matching a 23-character pattern against a 100-character value takes more than 1000 steps /);
  });

  it('pathDepth: a 1,024-deep path builds in well under a second of work, 1,025 fails', async () => {
    // Was cubic: a 500-deep WORKDIR took 10 s and a 1,000-deep one more than a minute.
    const workdir = (n: number): string => `FROM scratch\nWORKDIR /${'d/'.repeat(n - 1)}\nCOPY a .\n`;
    let ok: Awaited<ReturnType<typeof build>> | undefined;
    expect(await cpuMs(async () => (ok = await build(workdir(1024))))).toBeLessThan(3000);
    expect(ok!.status).toBe('success');
    const r = await build(workdir(1025));
    expect(r.failure).toMatchObject({ code: 'limit-exceeded', range: { start: { line: 3 } } });
    expect(r.failure?.message).toMatch(raiseHint('pathDepth'));
    expect((await build(workdir(1500), { limits: { pathDepth: 2000 } })).status).toBe('success');
  });

  it('files: `COPY --from` doubling per stage fails on the count instead of growing exponentially', async () => {
    let df = 'FROM scratch AS s0\nCOPY a /a\n';
    for (let i = 1; i < 40; i++) df += `FROM s${i - 1} AS s${i}\nCOPY --from=s${i - 1} / /x${i}/\n`;
    let r: Awaited<ReturnType<typeof build>> | undefined;
    expect(await cpuMs(async () => (r = await build(df, { limits: { files: 50_000 } })))).toBeLessThan(10_000);
    expect(r!.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r!.failure?.message).toMatch(/^entries COPY and ADD wrote in this build: more than 50000 /);
    expect(r!.failure?.message).toMatch(raiseHint('files'));
  });

  it('imageBytes: the predicted image size, a hard-linked file counted once', async () => {
    const r = await build('FROM scratch\nCOPY a /1\nCOPY a /2\nCOPY a /3\n', { limits: { imageBytes: 5 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/^the final image's files hold more than 5 bytes /);
    const linked = inlineImage({ files: { '/f': 'abcd' } });
    const ok = await emulate({ dockerfile: 'FROM base\n', images: { base: linked }, limits: { imageBytes: 4 } });
    expect(ok.status).toBe('success');
  });

  it('symlink loops fail the step instead of throwing out of emulate()', async () => {
    const r = await emulate({ dockerfile: 'FROM scratch\nCOPY l/x /x\n', context: { l: { symlink: 'l' } } });
    expect(r.failure).toMatchObject({ code: 'file-conflict', message: 'too many levels of symbolic links: /l/x', range: { start: { line: 2 } } });
  });
});

describe('the CLI --limit flag', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('cli-limits');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
    writeFileSync(join(dir, 'a'), 'a\n');
  });
  afterAll(() => removeTree(dir));

  it('raises and lowers limits (K, M, G suffixes, inf)', () => {
    const low = cli(['build', '.', '--limit', 'dockerfileBytes=10'], dir);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/the Dockerfile's size in bytes: 22, more than 10 \(limit dockerfileBytes; raise it with .* --limit dockerfileBytes=N\)/);
    expect(cli(['build', '.', '--limit', 'dockerfileBytes=1K', '--limit', 'files=inf'], dir).code).toBe(0);
    expect(cli(['build', '.', '--limit', 'imageBytes=1'], dir).code).toBe(1);
  });

  it('refuses unknown names and bad numbers as usage errors', () => {
    const unknown = cli(['build', '.', '--limit', 'nope=1'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/NAME=N with NAME one of dockerfileBytes, stages/);
    expect(cli(['build', '.', '--limit', 'files=many'], dir).code).toBe(2);
    expect(cli(['build', '.', '--limit', 'files=0'], dir).code).toBe(2);
  });
});
