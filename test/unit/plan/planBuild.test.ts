import { describe, expect, it } from 'vitest';
import type { BuilderMode } from '../../../src/model/builder.js';
import { DockerfileError } from '../../../src/model/errors.js';
import { parseDockerfile } from '../../../src/parse/parseDockerfile.js';
import { planBuild, type PlanOptions } from '../../../src/plan/planBuild.js';

function plan(text: string, options: Partial<PlanOptions> = {}) {
  return planBuild(parseDockerfile(text), { builder: 'buildkit', ...options });
}

function names(text: string, options: Partial<PlanOptions> = {}): string[] {
  const p = plan(text, options);
  return p.order.map((i) => p.stages[i]!.displayName);
}

function planError(text: string, options: Partial<PlanOptions> = {}): string {
  try {
    plan(text, options);
  } catch (e) {
    if (e instanceof DockerfileError) return e.message;
    throw e;
  }
  throw new Error('expected a DockerfileError');
}

const SEED = `FROM node:16-bullseye as dev
COPY ./app /app
FROM node:16.13.0-alpine3.13 as prod
COPY --from=dev /app/dist /app
FROM scratch AS unused
`;

describe('stage selection', () => {
  it('BuildKit builds only what the target needs, in file order', () => {
    expect(names(SEED, { target: 'prod' })).toEqual(['dev', 'prod']);
    expect(names(SEED)).toEqual(['unused']);
  });

  it('classic builds every stage up to the target', () => {
    expect(names(SEED, { builder: 'classic' })).toEqual(['dev', 'prod', 'unused']);
    expect(names(SEED, { builder: 'classic', target: 'dev' })).toEqual(['dev']);
  });

  it('explains why each stage runs or is skipped', () => {
    const p = plan(SEED, { target: 'prod' });
    expect(p.decisions.map((d) => [d.runs, d.reason])).toEqual([
      [true, 'needed by "prod" (COPY --from at line 4)'],
      [true, 'target'],
      [false, 'the target "prod" does not depend on it'],
    ]);
  });

  it('follows FROM <stage> and COPY --from by index', () => {
    const text = 'FROM scratch AS a\nFROM scratch AS b\nFROM a AS c\nCOPY --from=1 / /\nFROM scratch\n';
    expect(names(text, { target: 'c' })).toEqual(['a', 'b', 'c']);
  });

  it('matches --target case-insensitively; unnamed stages are stage-N', () => {
    expect(names('FROM scratch AS Build\nFROM scratch\n', { target: 'BUILD' })).toEqual(['build']);
    expect(plan('FROM scratch\nFROM scratch\n').stages.map((s) => s.displayName)).toEqual(['stage-0', 'stage-1']);
  });

  it('BuildKit takes the last stage of a duplicated name as target, classic the first', () => {
    const text = 'FROM scratch AS app\nFROM scratch AS APP\nFROM scratch\n';
    expect(plan(text, { target: 'App' }).target).toBe(1);
    expect(plan(text, { target: 'App', builder: 'classic' }).target).toBe(0);
  });
});

describe('stage references', () => {
  it('BuildKit FROM looks stages up case-sensitively, classic case-insensitively', () => {
    const text = 'FROM scratch AS build\nFROM Build\n';
    expect(planError(text)).toBe(
      'failed to parse stage name "Build": invalid reference format: repository name (library/Build) must be lowercase',
    );
    expect(plan(text, { builder: 'classic' }).stages[1]!.base).toEqual({ kind: 'stage', index: 0 });
  });

  it('BuildKit reports a bad image reference only after the target, stage indexes and cycles', () => {
    const badFrom = 'FROM scratch AS base\nFROM Base\nCOPY --from=1 /a /b\n';
    expect(planError(badFrom)).toBe('circular dependency detected on stage: stage-1');
    expect(planError('FROM Base\nCOPY --from=7 /a /b\n')).toBe('invalid stage index 7');
    expect(planError('FROM Base\nCOPY --from=7 /a /b\n', { target: 'nope' })).toBe('target stage "nope" could not be found');
    // Of several, the last one parsed (FROMs first, then `COPY --from` images) usually wins the race.
    expect(planError('FROM scratch\nCOPY --from=Img /a /b\nFROM Other\n')).toBe(
      'failed to parse stage name "Img": invalid reference format: repository name (library/Img) must be lowercase',
    );
    expect(planError('FROM Aaa\nFROM Bbb\nFROM Ccc\n')).toMatch(/^failed to parse stage name "Ccc"/);
  });

  it('a FROM name that is not a stage is an image, normalised', () => {
    expect(plan('FROM nginx\n').stages[0]!.base).toEqual({ kind: 'image', ref: 'nginx:latest' });
    expect(plan('FROM scratch AS x\nFROM x AS y\n').stages[1]!.base).toEqual({ kind: 'stage', index: 0 });
  });

  it('expands global ARGs in FROM, with build args verbatim', () => {
    const text = 'ARG V=one\nFROM scratch AS base-one\nFROM scratch AS base-two\nFROM base-${V}\n';
    expect(names(text)).toEqual(['base-one', 'stage-2']);
    expect(names(text, { buildArgs: { V: 'two' } })).toEqual(['base-two', 'stage-2']);
  });

  it('BuildKit fills platform ARGs for FROM, classic does not', () => {
    const text = 'FROM scratch AS build-linux\nFROM build-${TARGETOS}\n';
    expect(plan(text).stages[1]!.base).toEqual({ kind: 'stage', index: 0 });
    expect(plan(text, { builder: 'classic' }).stages[1]!.base).toEqual({ kind: 'image', ref: 'build-' });
  });

  it('rejects a blank base name', () => {
    expect(planError('ARG X\nFROM ${X}\n')).toBe('base name (${X}) should not be blank');
  });

  it('BuildKit rejects an out-of-range index and cycles', () => {
    expect(planError('FROM scratch\nCOPY --from=3 / /\n')).toBe('invalid stage index 3');
    expect(planError('FROM scratch AS a\nCOPY --from=b / /\nFROM scratch AS b\nCOPY --from=a / /\n')).toBe(
      'circular dependency detected on stage: a',
    );
    expect(planError('FROM scratch AS a\nCOPY --from=a / /\n')).toBe('circular dependency detected on stage: a');
  });

  it('BuildKit marks a forward COPY --from for the executor', () => {
    const p = plan('FROM scratch AS first\nCOPY --from=1 / /\nFROM scratch\n', { target: 'first' });
    expect(p.stages[0]!.dependencies[0]!.error).toBe(
      'cannot copy from stage "1", it needs to be defined before current stage "first"',
    );
  });

  it('classic resolves --from only among earlier stages', () => {
    const p = plan('FROM scratch AS first\nCOPY --from=1 / /\nCOPY --from=0 / /\nFROM scratch\n', { builder: 'classic' });
    expect(p.stages[0]!.dependencies.map((d) => d.error)).toEqual([
      'invalid from flag value 1: index out of bounds',
      'invalid from flag value 0: refers to current build stage',
    ]);
  });

  it('an unknown target names the nearest stage in BuildKit', () => {
    expect(planError('FROM scratch AS build\n', { target: 'bulid' })).toBe(
      'target stage "bulid" could not be found (did you mean build?)',
    );
    expect(planError('FROM scratch AS build\n', { target: 'nope', builder: 'classic' })).toBe(
      'target stage "nope" could not be found',
    );
  });

  it('a file of only ARGs has no stages', () => {
    expect(planError('ARG A=1\n')).toBe('dockerfile contains no stages to build');
  });
});

describe.each<BuilderMode>(['buildkit', 'classic'])('%s: dependencies', (builder) => {
  it('records COPY --from images as image dependencies', () => {
    const p = plan('FROM scratch\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf\n', { builder });
    expect(p.stages[0]!.dependencies.map((d) => [d.cause, d.image])).toEqual([['COPY --from', 'nginx:latest']]);
  });
});
