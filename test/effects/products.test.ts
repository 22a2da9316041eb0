/** Declared stage products: what a builder stage holds when it finishes, and COPY --from it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate, formatResult, imageFs, type BuilderMode, type RunEffects } from '../../src/index.js';
import { hostFolder, treeLines } from './helpers.js';

let dist: ReturnType<typeof hostFolder>;

beforeAll(() => {
  dist = hostFolder({
    'index.js': ['console.log("built");\n', 0o644],
    'lib/util.js': ['module.exports = {};\n', 0o600],
    'bin/run.sh': ['#!/bin/sh\n', 0o755],
    'main.js': { link: 'index.js' },
  });
});
afterAll(() => dist.remove());

const DOCKERFILE = `FROM golang:1.22 AS build
COPY src/ /src/
RUN make
RUN make install

FROM scratch
COPY --from=build /out/dist /app/
COPY --from=build /out/VERSION /app/VERSION
`;

const CONTEXT = { 'src/main.c': 'int main() {}\n' };

function effects(): RunEffects {
  return {
    stages: {
      BUILD: {
        produces: [
          { path: '/out/dist', from: dist.dir },
          { path: '/out/VERSION', content: '1.2.3\n', owner: '1000:1000', mode: '0444' },
        ],
      },
    },
  };
}

const FINAL = [
  'drwxr-xr-x 0:0 /app/',
  '-r--r--r-- 1000:1000 6 /app/VERSION',
  'drwxr-xr-x 0:0 /app/bin/',
  '-rwxr-xr-x 0:0 10 /app/bin/run.sh',
  '-rw-r--r-- 0:0 22 /app/index.js',
  'drwxr-xr-x 0:0 /app/lib/',
  '-rw------- 0:0 21 /app/lib/util.js',
  'lrwxrwxrwx 0:0 /app/main.js -> index.js',
];

describe('stages: declared products', () => {
  it.each<BuilderMode>(['buildkit', 'classic'])('COPY --from a product of a partial stage is exact and not partial (%s)', async (builder) => {
    const result = await emulate({ dockerfile: DOCKERFILE, context: CONTEXT, builder, runEffects: effects() });
    expect(result.status).toBe('success');
    expect(treeLines(result)).toEqual(FINAL);
    expect(imageFs(result).readFileSync('/app/index.js', 'utf8')).toBe('console.log("built");\n');
    expect(result.partial).toBe(false);
    // The builder stage's image and RUNs are still unknown; the final image just does not depend on them.
    expect(result.unknowns.map((u) => u.what)).toEqual(['FROM golang:1.22', 'RUN make', 'RUN make install']);
    expect(result.declaredEffects).toEqual([
      { declaration: 'stages.BUILD.produces[0]', stage: 'build', what: '/out/dist' },
      { declaration: 'stages.BUILD.produces[1]', stage: 'build', what: '/out/VERSION' },
    ]);
    expect(formatResult(result, 'Dockerfile')).toContain('Not modelled (the final image does not depend on these steps):\n  line 1: FROM golang:1.22');
  });

  it('without the declaration the same build is partial and /out/dist unknown', async () => {
    const result = await emulate({ dockerfile: DOCKERFILE, context: CONTEXT });
    expect(result.partial).toBe(true);
    expect(result.tree).toEqual([]);
    expect(result.unknowns.map((u) => u.reason).slice(3)).toEqual([
      '/out/dist is not in the source stage as far as its files are known',
      '/out/VERSION is not in the source stage as far as its files are known',
    ]);
  });

  it('records where each product entry came from', async () => {
    const result = await emulate({ dockerfile: DOCKERFILE, context: CONTEXT, runEffects: effects(), target: 'build' });
    const byPath = new Map(result.provenance.map((p) => [p.path, p]));
    expect(byPath.get('/out/dist/lib/util.js')).toEqual({
      path: '/out/dist/lib/util.js',
      stage: 'build',
      line: 4,
      instruction: 'run-effects stages.BUILD.produces[0]',
      source: `host:${dist.dir}/lib/util.js`,
    });
    expect(byPath.get('/out/VERSION')?.source).toBe('run-effects:stages.BUILD.produces[1]');
    // The stage itself ran unmodelled steps, so as a target it stays partial.
    expect(result.partial).toBe(true);
  });

  it('a product replaces what the stage had at its path', async () => {
    const result = await emulate({
      dockerfile: 'FROM golang:1.22 AS build\nCOPY old/ /out/dist/\nRUN make\n',
      context: { 'old/stale.js': 'old' },
      runEffects: { stages: { 0: { produces: [{ path: '/out/dist', content: 'a file now\n' }] } } },
    });
    expect(treeLines(result).filter((l) => l.includes('/out'))).toEqual(['drwxr-xr-x 0:0 /out/', '-rw-r--r-- 0:0 11 /out/dist']);
  });

  it('a wildcard below a product is exact', async () => {
    const dockerfile = 'FROM golang:1.22\nRUN make\n\nFROM scratch\nCOPY --from=0 /out/dist/*.js /app/\n';
    const result = await emulate({ dockerfile, runEffects: { stages: { 'stage-0': { produces: [{ path: '/out/dist', from: dist.dir }] } } } });
    expect(treeLines(result)).toEqual([
      'drwxr-xr-x 0:0 /app/',
      '-rw-r--r-- 0:0 22 /app/index.js',
      // BuildKit follows a matched symlink and copies the file it leads to.
      '-rw-r--r-- 0:0 22 /app/main.js',
    ]);
    expect(result.partial).toBe(false);
  });

  it('a path under a product that is missing fails the build as Docker would', async () => {
    const dockerfile = 'FROM golang:1.22 AS build\nRUN make\n\nFROM scratch\nCOPY --from=build /out/dist/missing.js /app/\n';
    const result = await emulate({ dockerfile, runEffects: { stages: { build: { produces: [{ path: '/out/dist', from: dist.dir }] } } } });
    expect(result.status).toBe('failure');
    expect(result.failure?.code).toBe('source-not-found');
  });

  it('a path outside the products of a partial stage stays unknown', async () => {
    const dockerfile = 'FROM golang:1.22 AS build\nRUN make\n\nFROM scratch\nCOPY --from=build /out/dist /app/\nCOPY --from=build /out/docs /docs/\n';
    const result = await emulate({ dockerfile, runEffects: { stages: { build: { produces: [{ path: '/out/dist', from: dist.dir }] } } } });
    expect(result.status).toBe('success');
    expect(result.partial).toBe(true);
    expect(result.unknowns.slice(2)).toEqual([
      {
        stage: 'stage-1',
        line: 6,
        what: 'COPY --from=build /out/docs /docs/',
        reason: '/out/docs is not in the source stage as far as its files are known',
      },
    ]);
    expect(treeLines(result)).toEqual(FINAL.filter((l) => !l.includes('VERSION')));
  });

  it('a parent of a product is not known as a whole', async () => {
    const dockerfile = 'FROM golang:1.22 AS build\nRUN make\n\nFROM scratch\nCOPY --from=build /out /app/\n';
    const result = await emulate({ dockerfile, runEffects: { stages: { build: { produces: [{ path: '/out/VERSION', content: '1\n' }] } } } });
    expect(treeLines(result)).toEqual(['drwxr-xr-x 0:0 /app/', '-rw-r--r-- 0:0 2 /app/VERSION']);
    expect(result.partial).toBe(true);
  });

  it('a stage built FROM the producing stage does not inherit the knowledge (its own steps may change it)', async () => {
    const dockerfile = 'FROM golang:1.22 AS build\nRUN make\n\nFROM build AS test\nRUN make test\n\nFROM scratch\nCOPY --from=test /out/dist /app/\n';
    const result = await emulate({ dockerfile, runEffects: { stages: { build: { produces: [{ path: '/out/dist', from: dist.dir }] } } } });
    expect(treeLines(result)).toEqual(FINAL.filter((l) => !l.includes('VERSION')));
    expect(result.partial).toBe(true);
  });

  it('follows symlinks in a product path as the stage has them', async () => {
    const dockerfile = 'FROM golang:1.22 AS build\nCOPY . /\nRUN make\n\nFROM scratch\nCOPY --from=build /srv/dist /app/\n';
    const result = await emulate({
      dockerfile,
      context: { 'srv': { symlink: 'opt' }, 'opt/.keep': '' },
      runEffects: { stages: { build: { produces: [{ path: '/srv/dist', from: dist.dir }] } } },
    });
    expect(treeLines(result)).toEqual(FINAL.filter((l) => !l.includes('VERSION')));
    expect(result.partial).toBe(false);
  });
});
