/**
 * The differential generator stays inside what may be built here: every generated case passes
 * the recorder's safety checks (no pull, no daemon-crashing stage cycle) for both builders and
 * names only scratch, the local fixtures and its own stages. No daemon needed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArb } from './gen/case.js';
import { IMAGES } from './gen/dockerfile.js';
import { BUILDERS } from './lib/cases.js';
import { analyseDockerfile, expandSimple, globalEnv } from './lib/dockerfile.js';
import { checkSafety } from './lib/safety.js';

describe('differential generator', () => {
  it.each([false, true])('generates only safe cases (RUN %s)', (includeRun) => {
    fc.assert(
      fc.property(caseArb({ includeRun }), (c) => {
        expect(c.dockerfile).not.toMatch(/^#\s*syntax/im);
        const info = analyseDockerfile(c.dockerfile);
        for (const builder of BUILDERS) {
          const safety = checkSafety(info, builder, c.buildArgs ?? {});
          expect(safety.problems).toEqual([]);
          for (const ref of safety.images) expect(IMAGES).toContain(ref);
          const env = globalEnv(info, builder, c.buildArgs ?? {});
          const names = info.stages.map((s) => s.name);
          info.stages.forEach((s, i) => {
            const base = expandSimple(s.base, env)!;
            expect(base === 'scratch' || (IMAGES as readonly string[]).includes(base) || names.slice(0, i).includes(base.toLowerCase())).toBe(true);
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('lists .dockerignore last in every .dockerignore', () => {
    fc.assert(
      fc.property(caseArb({ includeRun: false }), (c) => {
        expect(c.context.dockerignore?.at(-1) ?? '.dockerignore').toBe('.dockerignore');
      }),
    );
  });
});
