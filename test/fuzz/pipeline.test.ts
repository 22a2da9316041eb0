/**
 * Hostile Dockerfiles never crash or hang the emulator: 2,000 generated inputs through the parser
 * and the whole pipeline, each ending in a success or a located failure within the time bound.
 * `npm run fuzz` runs the same property for 100,000+ inputs (test/fuzz/run.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DockerfileError, parseDockerfile, type LoadedImage } from '../../src/index.js';
import { bytesDockerfile, fixtureImages, soupDockerfile } from './arbitraries.js';
import { archiveCase, bytesCase, checkCase, scenarioCase, soupCase, type FuzzCase } from './property.js';

let images: Record<string, LoadedImage> = {};
beforeAll(async () => {
  images = await fixtureImages();
}, 60_000);

// A failing run prints its seed and path; FUZZ_SEED replays it.
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

const pipeline = (arbitrary: fc.Arbitrary<FuzzCase>, numRuns: number) => () =>
  fc.assert(
    fc.asyncProperty(arbitrary, async (c) => {
      await checkCase(c, images);
    }),
    params(numRuns) as fc.Parameters<[FuzzCase]>,
  );

describe('fuzz: the parser', () => {
  it('throws nothing but DockerfileError on random bytes and instruction soup (500 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(bytesDockerfile, soupDockerfile), (text) => {
        try {
          parseDockerfile(text);
        } catch (error) {
          if (!(error instanceof DockerfileError)) throw error;
        }
      }),
      params(500) as fc.Parameters<[string]>,
    );
  });
});

describe('fuzz: the whole pipeline ends in a result', () => {
  it('instruction soup with a hostile context (500 runs)', pipeline(soupCase, 500), 30_000);
  it('random bytes (250 runs)', pipeline(bytesCase, 250), 30_000);
  it('mutated scenario Dockerfiles (550 runs)', pipeline(scenarioCase, 550), 30_000);
  it('ADD of generated, mutated and hostile archives (200 runs)', pipeline(archiveCase, 200), 30_000);

  it('is stopped by the documented TypeError only when the options are misused', async () => {
    const { emulate } = await import('../../src/index.js');
    await expect(emulate({ dockerfile: 'FROM scratch\n', limits: { files: -1 } })).rejects.toThrow(TypeError);
    await expect(emulate({ dockerfile: 'FROM scratch\n', limits: { nope: 1 } as never })).rejects.toThrow(/unknown limit "nope"/);
  });
});
