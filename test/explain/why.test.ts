/** explainPath()/whyPath() on in-memory builds: overwrites, replaced parents, images, bases. */
import { describe, expect, it } from 'vitest';
import { emulate, explainPath, formatWhy, inlineImage, whyPath, type BuildResult } from '../../src/index.js';

describe('whyPath', () => {
  it('names the earlier write a later COPY overwrote', async () => {
    const answer = await whyPath('/a.txt', {
      dockerfile: 'FROM scratch\nCOPY one.txt /a.txt\nCOPY two.txt /a.txt\n',
      context: { 'one.txt': '1', 'two.txt': '2' },
    });
    expect(formatWhy(answer)).toBe(`/a.txt is in the final image:
     context file two.txt
  -> stage stage-0, line 3: COPY two.txt /a.txt  => /a.txt
  - also written by line 2 (COPY one.txt /a.txt) in stage stage-0, then overwritten by line 3
`);
  });

  it('says which line replaced a parent directory, or removed the path', async () => {
    // A traced result as a RUN that the emulator models would leave it.
    const step = { stage: 'stage-0', variables: {}, added: [], config: {} };
    const result: BuildResult = {
      status: 'success',
      builder: 'buildkit',
      target: 'stage-0',
      stages: [{ index: 0, displayName: 'stage-0', base: 'scratch', status: 'built', reason: 'target' }],
      order: ['stage-0'],
      history: [],
      tree: [{ path: '/app', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 }],
      provenance: [],
      warnings: [],
      unknowns: [],
      partial: false,
      steps: [
        { ...step, line: 4, instruction: 'RUN rm /old.txt', changed: [], removed: ['/old.txt'] },
        { ...step, line: 5, instruction: 'RUN rm -r /app && touch /app', changed: ['/app'], removed: ['/app/x.txt'] },
      ],
    };
    expect((await explainPath(result, '/app/x.txt')).notes).toEqual(['overwritten: line 5 replaced /app in stage stage-0: RUN rm -r /app && touch /app']);
    expect((await explainPath(result, '/old.txt')).notes).toEqual(['removed by line 4 in stage stage-0: RUN rm /old.txt']);
  });

  it('follows FROM between stages and ends at a file of an external image', async () => {
    const images = { 'base:1': inlineImage({ files: { '/etc/os-release': 'x\n' } }) };
    const answer = await whyPath('/etc/os-release', {
      dockerfile: 'FROM base:1 AS a\nFROM a AS b\nFROM scratch\nCOPY --from=b /etc/os-release /etc/\n',
      images,
    });
    expect(formatWhy(answer)).toBe(`/etc/os-release is in the final image:
     /etc/os-release from the base image base:1 of stage a
  -> stage b starts FROM stage a
  -> stage stage-2, line 4: COPY --from=b /etc/os-release /etc/  => /etc/os-release
`);
  });

  it('an unnamed skipped stage cannot be a target: says so', async () => {
    const result = await emulate({
      dockerfile: 'FROM scratch\nCOPY a /a\nFROM scratch AS final\nCOPY b /b\n',
      context: { a: 'a', b: 'b' },
      trace: true,
      snapshots: true,
      listContext: true,
    });
    const answer = await explainPath(result, '/a');
    expect(answer.notes).toEqual([
      'stage stage-0 is not built (the target "final" does not depend on it); unnamed, it cannot be emulated as a target to look inside',
    ]);
  });
});

describe('emulate({ snapshots, listContext })', () => {
  it('gives every finished stage and the context as sent, with the rule of each exclusion', async () => {
    const result = await emulate({
      dockerfile: 'FROM scratch AS a\nCOPY . /c/\nFROM scratch\nCOPY --from=a /c/keep.txt /\n',
      context: { 'keep.txt': 'k', 'drop.log': 'd', '.dockerignore': '# logs\n*.log\n' },
      snapshots: true,
      listContext: true,
    });
    expect(result.snapshots?.map((s) => [s.stage, s.tree.map((e) => e.path)])).toEqual([
      ['a', ['/c', '/c/.dockerignore', '/c/keep.txt']],
      ['stage-1', ['/keep.txt']],
    ]);
    expect(result.snapshots?.[0]?.provenance.find((p) => p.path === '/c/keep.txt')?.source).toBe('context:keep.txt');
    expect(result.context).toEqual({
      ignoreFile: '.dockerignore',
      files: [
        { path: '.dockerignore', type: 'file', size: 13 },
        { path: 'keep.txt', type: 'file', size: 1 },
      ],
      excluded: [{ path: 'drop.log', rule: { file: '.dockerignore', line: 2, pattern: '*.log' } }],
    });
  });
});
